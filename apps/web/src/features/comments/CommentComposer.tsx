import { LIMITS, type TeamMemberDto } from '@review/shared';
import { type KeyboardEvent, type Ref, useId, useImperativeHandle, useRef } from 'react';
import type { ControlProps } from '../../components/Field';
import { MentionList } from './MentionList';
import { useMentionSuggestions } from './use-mention-suggestions';

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

/**
 * A comment text field that offers team members while an `@name` is being typed: arrows choose,
 * Enter or Tab inserts `@username`, Escape closes the list.
 */
export function CommentComposer({ value, onChange, people, onSubmit, onCancel, placeholder, rows = 3, control, label, autoFocus, ref }: CommentComposerProps) {
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionSuggestions({ value, onChange, people, area });
  const { open, current } = mentions;

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentions.onListKey(e)) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    } else if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  }

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
          mentions.onTyped(e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={mentions.track}
        onClick={mentions.track}
        onSelect={mentions.track}
        onBlur={mentions.dismiss}
        onFocus={mentions.undismiss}
      />
      {open && <MentionList id={listId} people={mentions.suggestions} current={current} onChoose={mentions.choose} />}
    </div>
  );
}
