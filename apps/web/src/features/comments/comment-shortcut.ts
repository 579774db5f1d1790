import { MAC, shortcut } from '../../editor/shortcuts';

/** Comment on the selected text: Ctrl+Alt+M (⌘⌥M), as in common word processors. */
export const COMMENT_SHORTCUT = shortcut('Mod', 'Alt', 'M');

export function isCommentShortcut(e: KeyboardEvent): boolean {
  // With Alt held, `key` is a special character on some layouts; the physical key is stable.
  return (MAC ? e.metaKey : e.ctrlKey) && e.altKey && !e.shiftKey && e.code === 'KeyM';
}
