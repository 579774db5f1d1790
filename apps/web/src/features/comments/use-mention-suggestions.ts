import type { TeamMemberDto } from '@review/shared';
import { type KeyboardEvent, type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { mentionAt } from './mentions';

const MAX_SUGGESTIONS = 6;

interface MentionOptions {
  value: string;
  onChange(value: string): void;
  /** People who can be mentioned. */
  people: readonly TeamMemberDto[];
  area: RefObject<HTMLTextAreaElement | null>;
}

/**
 * The people offered while an `@name` is typed before the caret, which of them is highlighted,
 * and the keys that work the list: arrows choose, Enter or Tab inserts `@username`, Escape closes it.
 */
export function useMentionSuggestions({ value, onChange, people, area }: MentionOptions) {
  const [caret, setCaret] = useState(0);
  const placeCaret = useRef<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

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

  /** Handles the key when the list is open and it is one of the list's; true when it did. */
  function onListKey(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + suggestions.length) % suggestions.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
      const person = suggestions[current];
      if (person) {
        e.preventDefault();
        choose(person);
        return true;
      }
    }
    if (e.key === 'Escape') {
      // Closes the list, not the dialog around it.
      e.preventDefault();
      e.stopPropagation();
      setDismissedAt(mention?.start ?? null);
      return true;
    }
    return false;
  }

  return {
    suggestions,
    open,
    current,
    choose,
    onListKey,
    /** The text changed (typed): follow the caret, start the list from its top. */
    onTyped(caretAt: number) {
      setCaret(caretAt);
      setActive(0);
    },
    /** The caret moved (keys, clicks, selection). */
    track() {
      const el = area.current;
      if (el) setCaret(el.selectionStart);
    },
    /** Leaving the field closes the list; coming back may open it again. */
    dismiss: () => setDismissedAt(mention?.start ?? null),
    undismiss: () => setDismissedAt(null),
  };
}
