import { useCallback, useState } from 'react';
import type { SidebarTab } from '../workflow/WorkflowSidebar';

/** The side panel's tab, and the requests from elsewhere (the state bar) to bring the checks on screen. */
export function useSidebarTab() {
  const [tab, setTab] = useState<SidebarTab>('outline');
  /** Grows with every request to show the checks (narrow screens open their fold). */
  const [revealChecks, setRevealChecks] = useState(0);
  const showChecks = useCallback(() => {
    setTab('checks');
    setRevealChecks((n) => n + 1);
  }, []);
  return { tab, setTab, revealChecks, showChecks };
}
