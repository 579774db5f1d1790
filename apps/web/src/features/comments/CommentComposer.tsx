import { LIMITS, type TeamMemberDto } from '@review/shared';
import { type KeyboardEvent, type Ref, useId, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { ControlProps } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { mentionAt } from './mentions';

export interface ComposerHandle {
  focus(): void;
}

interface CommentComposerProps {
  value: string;
  onChange(value: string): void;
  /** People who can be mentioned (the team, without the writer). */
  people: readonly TeamMemberDto[];
  /** Ctrl+Enter (⌘+Enter). */
  onSubmit(): void;
  /** Escape while no suggestion list is open. */
  onCancel?(): void;
  placeholder?: string;
  rows?: number;
  /** Label, hint and error wiring from a Field, or a plain label. */
  control?: ControlProps;
  label?: string;
  autoFocus?: boolean;
  ref?: Ref<ComposerHandle>;
}

const MAX_SUGGESTIONS = 6;

/**
 * A comment text field that offers team members while an `@name` is being typed: arrows choose,
 * Enter or Tab inserts `@username`, Escape closes the list.
 */
export function CommentComposer({ value, onChange, people, onSubmit, onCancel, placeholder, rows = 3, control, label, autoFocus, ref }: CommentComposerProps) {
  const { t } = useI18n();
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const placeCaret = useRef<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  const mention = mentionAt(value, caret);
  const query = mention?.query.toLowerCase() ?? '';
  const suggestions =
    mention && dismissedAt !== mention.start
      ? people
          .filter((p) => p.username.toLowerCase().startsWith(query) || p.displayName.toLowerCase().includes(query))
          .slice(0, MAX_SUGGESTIONS)
      : [];
  const open = suggestions.length > 0;
  const current = Math.min(active, suggestions.length - 1);

  function choose(person: TeamMemberDto) {
    if (!mention) return;
    const insert = `@${person.username} `;
    const next = value.slice(0, mention.start) + insert + value.slice(caret);
    const at = mention.start + insert.length;
    onChange(next);
    setCaret(at);
    setActive(0);
    placeCaret.current = at;
  }

  // Setting the new value moves the caret to the end; it is put back after the mention in the
  // same commit, before the next keystroke can land (a frame later, fast typing went astray).
  useLayoutEffect(() => {
    const at = placeCaret.current;
    const el = area.current;
    if (at === null || !el) return;
    placeCaret.current = null;
    el.focus();
    el.setSelectionRange(at, at);
  });

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        const person = suggestions[current];
        if (person) {
          e.preventDefault();
          choose(person);
          return;
        }
      }
      if (e.key === 'Escape') {
        // Closes the list, not the dialog around it.
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(mention?.start ?? null);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    } else if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  }

  const track = () => {
    const el = area.current;
    if (el) setCaret(el.selectionStart);
  };

  return (
    <div className="composer">
      <textarea
        {...control}
        ref={area}
        aria-label={control ? undefined : label}
        value={value}
        rows={rows}
        maxLength={LIMITS.commentBodyMax}
        placeholder={placeholder}
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${current}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={track}
        onClick={track}
        onSelect={track}
        onBlur={() => setDismissedAt(mention?.start ?? null)}
        onFocus={() => setDismissedAt(null)}
      />
      {open && (
        <ul className="mention-list" role="listbox" id={listId} aria-label={t('comments.mentionList')}>
          {suggestions.map((person, i) => (
            <li
              key={person.userId}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'mention-option active' : 'mention-option'}
              // Keep the focus (and the caret) in the text field.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(person)}
            >
              <span className="mention-name">{person.displayName}</span>
              <span className="mention-username">@{person.username}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
