import { useCallback, useRef, useState } from 'react';
import type { WorkflowView } from '../workflow/workflow-model';

/**
 * What the main area shows instead of the text (a version, a redline), if anything. Closing the
 * view gives the focus back to whatever opened it.
 */
export function useReportView() {
  const [view, setView] = useState<WorkflowView | null>(null);
  // Where the focus goes back to when the version or redline view closes.
  const opener = useRef<HTMLElement | null>(null);
  const openView = useCallback((next: WorkflowView) => {
    setView((current) => {
      if (!current && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
      return next;
    });
  }, []);
  const closeView = useCallback(() => {
    setView(null);
    const from = opener.current;
    opener.current = null;
    requestAnimationFrame(() => {
      if (from?.isConnected) from.focus();
    });
  }, []);
  return { view, openView, closeView };
}
