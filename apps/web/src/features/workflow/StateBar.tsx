import { actionsOf, type MeDto, type ReportDto, type WorkflowAction } from '@review/shared';
import { useRef, useState } from 'react';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { actorFor, myRelation } from '../reports/relation';
import { ChecksOverrideNote } from './ChecksOverrideNote';
import { ChecksStatus } from './ChecksStatus';
import { ReviewRequestMessage } from './ReviewRequestMessage';
import { SignatureCard } from './SignatureCard';
import { TransitionDialog } from './TransitionDialog';
import { useSignatures, useVersions } from './workflow.api';
import { ACTION_DONE, ACTION_LABEL, changesSinceVersion, nextStepKey, type WorkflowView } from './workflow-model';
import './workflow.css';

interface StateBarProps {
  report: ReportDto;
  me: MeDto;
  onOpenView(view: WorkflowView): void;
  /** Shows the comment threads still open (approval waits for them). */
  onShowOpenThreads(): void;
  /** Opens the choice of reviewer; set when this user may name one now. */
  onAssignReviewer?: () => void;
  /** Shows the pre-submit checks (the 检查 tab). */
  onShowChecks(): void;
}

/** The main action of each state looks like one; the others stay quiet. */
const PRIMARY: ReadonlySet<WorkflowAction> = new Set(['submit', 'approve']);

/**
 * Where the report stands, what happens next, and the workflow actions this user may take now
 * (the shared table decides; the server enforces the same). An approved report's bar is its
 * signature (SignatureCard), with what may still be done beside it.
 */
export function StateBar({ report, me, onOpenView, onShowOpenThreads, onAssignReviewer, onShowChecks }: StateBarProps) {
  const { t } = useI18n();
  const toast = useToast();
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);
  const barRef = useRef<HTMLElement>(null);
  const relation = myRelation(report, me);
  const actions = actionsOf(report, actorFor(me, report));
  const isReviewer = relation === 'reviewer';

  const versions = useVersions(report.id, isReviewer);
  const since = versions.data ? changesSinceVersion(versions.data, report.state) : null;
  const signatures = useSignatures(report.id, report.state === 'approved');
  const signature = report.state === 'approved' ? signatures.data?.find((s) => !s.superseded) : undefined;
  // Whoever may submit the text sees how the checks stand. They do not block the submit: the
  // server refuses it (checks_failed) and the dialog then asks for a reason.
  const showChecks = actions.includes('submit');

  const showChangesSince = () => {
    if (since) onOpenView({ kind: 'diff', from: since.id, to: 'current', since: true });
  };

  const onDone = (action: WorkflowAction) => {
    setDialog(null);
    toast.show(t(ACTION_DONE[action]));
    // The button that opened the dialog may be gone with the old state: keep the focus here.
    requestAnimationFrame(() => barRef.current?.focus());
  };

  // Without a reviewer nothing can be submitted: naming one is the next step.
  const assignReviewer = !report.reviewerId && onAssignReviewer;

  const names = {
    author: report.authorName,
    reviewer: report.reviewerName ?? t('workflow.someReviewer'),
  };

  const actionButtons = (actions.length > 0 || assignReviewer) && (
    <div className="state-actions" role="group" aria-label={t('workflow.actions')}>
      {showChecks && <ChecksStatus reportId={report.id} onShowChecks={onShowChecks} />}
      {assignReviewer && (
        <button type="button" className="button" onClick={onAssignReviewer} data-action="assign-reviewer">
          {t('reviewer.assign')}
        </button>
      )}
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={PRIMARY.has(action) ? 'button primary' : 'button'}
          onClick={() => setDialog(action)}
          data-action={action}
        >
          {t(ACTION_LABEL[action])}
        </button>
      ))}
    </div>
  );

  return (
    <>
      {signature ? (
        <SignatureCard ref={barRef} signature={signature} actions={actionButtons} />
      ) : (
        <section
          ref={barRef}
          className={`state-bar state-bar-${report.state}`}
          aria-label={t('workflow.bar')}
          tabIndex={-1}
          data-state={report.state}
        >
          <div className="state-bar-main">
            <p className="state-next">{t(nextStepKey(report.state, relation, Boolean(report.reviewerId)), names)}</p>
            <ReviewRequestMessage report={report} />
            <ChecksOverrideNote report={report} />
            {isReviewer && report.state === 'in_review' && since && (
              <button type="button" className="link-button state-since" onClick={showChangesSince}>
                {t('history.changesSince', { number: since.number })}
              </button>
            )}
          </div>
          {actionButtons}
        </section>
      )}

      {dialog && (
        <TransitionDialog
          action={dialog}
          report={report}
          me={me}
          onClose={() => setDialog(null)}
          onDone={onDone}
          onShowChanges={
            since
              ? () => {
                  setDialog(null);
                  showChangesSince();
                }
              : undefined
          }
          onShowOpenThreads={() => {
            setDialog(null);
            onShowOpenThreads();
          }}
        />
      )}
    </>
  );
}
