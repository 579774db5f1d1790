import type { Editor } from '@tiptap/core';
import { type KeyboardEvent, type RefObject, useCallback, useRef, useState } from 'react';
import { endFind } from './find-replace';
import { goToProblem } from './next-problem';
import { MAC } from './shortcuts';

/** The longest selection that opening the bar takes as the search: a word or a phrase, not a passage. */
const PREFILL_MAX = 40;

/** Ctrl+H on Windows and Linux; ⌘H hides the application on a Mac, where Docs and Word use ⌘⇧H. */
export const REPLACE_KEYS = MAC ? ['Mod', 'Shift', 'H'] : ['Mod', 'H'];

export interface FindBar {
  /** The bar is open; `replace`: with its replace row. */
  open: { replace: boolean } | null;
  query: string;
  replacement: string;
  setQuery(query: string): void;
  setReplacement(replacement: string): void;
  /** Grows with every request to put the focus in the search field (Ctrl+F while the bar is open). */
  focusRequest: number;
  show(replace: boolean): void;
  toggleReplace(): void;
  /** Closes the bar, selecting the current match and giving the text the focus (a reader's goes to `opener`). */
  close(): void;
  /** The button that opens the bar. */
  opener: RefObject<HTMLButtonElement | null>;
  /** For the editor's whole area: Ctrl+F, Ctrl+H, F8 and Shift+F8 there are the editor's. */
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}

/**
 * The find bar's state, kept while it is closed (the last search and replacement come back), and
 * the keys that open it. The browser's own find is taken over only while the focus is inside the
 * editor's area (the element given `onKeyDown`), never in a dialog opened from it, and not at all
 * while `enabled` is false (a version shown in place of the text).
 */
export function useFindBar(editor: Editor, { enabled, editable }: { enabled: boolean; editable: boolean }): FindBar {
  const [open, setOpen] = useState<{ replace: boolean } | null>(null);
  const [query, setQuery] = useState('');
  const [replacement, setReplacement] = useState('');
  const [focusRequest, setFocusRequest] = useState(0);
  const opener = useRef<HTMLButtonElement>(null);

  const show = useCallback(
    (replace: boolean) => {
      const { from, to, empty } = editor.state.selection;
      // From the text, not from the bar: there the selection is the current match, and the search stays as typed.
      const fromText = !open || editor.view.hasFocus();
      const selected = empty || !fromText ? '' : editor.state.doc.textBetween(from, to, '\n');
      if (selected.trim() && !selected.includes('\n') && Array.from(selected).length <= PREFILL_MAX) setQuery(selected);
      // Ctrl+F while replacing keeps the replace row; only those who may edit get it.
      setOpen((was) => ({ replace: editable && (replace || (was?.replace ?? false)) }));
      setFocusRequest((n) => n + 1);
    },
    [editor, editable, open],
  );

  const close = useCallback(() => {
    endFind(editor);
    if (!editor.isEditable) opener.current?.focus();
    setOpen(null);
  }, [editor]);

  const toggleReplace = useCallback(() => setOpen((was) => was && { replace: editable && !was.replace }), [editable]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as Element;
    if (!enabled || e.defaultPrevented || !e.currentTarget.contains(target) || target.closest('dialog')) return;
    const mod = MAC ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && !e.altKey && !e.shiftKey && key === 'f') show(false);
    else if (mod && !e.altKey && e.shiftKey === MAC && key === 'h') show(true);
    else if (!mod && !e.altKey && key === 'f8') goToProblem(editor, e.shiftKey ? -1 : 1);
    else return;
    e.preventDefault();
  };

  return { open, query, replacement, setQuery, setReplacement, focusRequest, show, toggleReplace, close, opener, onKeyDown };
}
