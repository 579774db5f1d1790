import type { ThreadDto } from '@review/shared';
import { useEditorState } from '@tiptap/react';
import { useMemo } from 'react';
import { threadRanges } from '../../editor/comment-highlights';
import type { EditorContext } from '../../editor/editor-context';
import { type PlacedThread, placeThreads } from './thread-model';

/** Threads placed where their text is now (from the editor), or as the server said while it loads. */
export function usePlacedThreads(threads: readonly ThreadDto[] | undefined, context: EditorContext): PlacedThread[] {
  const ranges = useEditorState({
    editor: context.editor,
    selector: ({ editor }) => threadRanges(editor.state),
    equalityFn: (a, b) => a === b,
  });
  return useMemo(() => placeThreads(threads ?? [], ranges), [threads, ranges]);
}
