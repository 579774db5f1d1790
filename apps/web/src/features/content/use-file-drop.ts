import { type DragEvent, useState } from 'react';

/** Whether a drag carries files (from the desktop), not text or a link from the page. */
const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * Files dragged from the desktop may be dropped anywhere on the element that gets `dragProps`:
 * the first one is handed to `onFile`. `dragging` is set while a file is over it.
 */
export function useFileDrop({ disabled, onFile }: { disabled: boolean; onFile(file: File | null): void }) {
  const [dragging, setDragging] = useState(false);
  const dragProps = {
    onDragEnter: (e: DragEvent) => {
      if (!carriesFiles(e) || disabled) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!carriesFiles(e) || disabled) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      // Only when the pointer leaves the element, not when it moves between its children.
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      onFile(e.dataTransfer.files[0] ?? null);
    },
  };
  return { dragging, dragProps };
}
