import type { CSSProperties } from 'react';
import type { EditorContext } from '../../editor/editor-context';

/** Where the button goes: in the paper's right margin beside the selection, or below it on narrow screens. */
export function commentButtonPosition(context: EditorContext, range: { from: number; to: number }): CSSProperties | null {
  const { editor, narrow } = context;
  if (editor.isDestroyed) return null;
  const container = editor.view.dom.closest('.editor-main');
  const paper = editor.view.dom.closest('.paper');
  if (!container || !paper) return null;
  const box = container.getBoundingClientRect();
  try {
    if (narrow) {
      const end = editor.view.coordsAtPos(range.to);
      const left = Math.min(Math.max(end.left - box.left, 56), box.width - 56);
      return { top: end.bottom - box.top + 8, left, transform: 'translateX(-50%)' };
    }
    const start = editor.view.coordsAtPos(range.from);
    return { top: start.top - box.top - 4, left: paper.getBoundingClientRect().right - box.left - 12, transform: 'translateX(-100%)' };
  } catch {
    return null;
  }
}
