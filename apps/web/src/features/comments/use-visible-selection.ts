import { useEditorState } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { selectedText } from '../../editor/comment-highlights';
import type { EditorContext } from '../../editor/editor-context';

/** The text the user has visibly selected in the editor (the editor's own selection may be a leftover). */
export function useVisibleSelection(context: EditorContext): { from: number; to: number } | null {
  const { editor } = context;
  const range = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const s = selectedText(e.state);
      return s ? { from: s.from, to: s.to } : null;
    },
  });
  const [domSelected, setDomSelected] = useState(false);
  useEffect(() => {
    const check = () => {
      const sel = document.getSelection();
      const dom = editor.isDestroyed ? null : editor.view.dom;
      setDomSelected(Boolean(sel && dom && !sel.isCollapsed && dom.contains(sel.anchorNode) && dom.contains(sel.focusNode)));
    };
    check();
    document.addEventListener('selectionchange', check);
    return () => document.removeEventListener('selectionchange', check);
  }, [editor]);
  return domSelected ? range : null;
}
