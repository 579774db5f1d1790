import type { ReportDto, ReportState } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { meQueryKey } from '../auth/session';
import { invalidateHistory, workflowKeys } from '../workflow/workflow.api';
import { reportKeys } from './reports.api';

/** What the editor's connection tells the page: a new state, a session that ended, new activity. */
export function useReportSync(id: string) {
  const qc = useQueryClient();

  // A transition (by anyone) reaches the page through the collaboration socket: show it at once.
  const onReportState = useCallback(
    (state: ReportState, revision: number | null) => {
      const known = qc.getQueryData<ReportDto>(reportKeys.one(id));
      if (!known || (known.state === state && (revision === null || known.revision === revision))) return;
      qc.setQueryData<ReportDto>(reportKeys.one(id), { ...known, state, revision: revision ?? known.revision });
      void qc.invalidateQueries({ queryKey: reportKeys.one(id) });
      void qc.invalidateQueries({ queryKey: reportKeys.lists });
      // A transition made elsewhere also brings new versions, signatures and audit events.
      void qc.invalidateQueries({ queryKey: workflowKeys.all(id) });
    },
    [qc, id],
  );
  const onSignedOut = useCallback(() => void qc.invalidateQueries({ queryKey: meQueryKey }), [qc]);
  const onActivity = useCallback(() => invalidateHistory(qc, id), [qc, id]);

  return { onReportState, onSignedOut, onActivity };
}
