import type { WorkflowAction } from '@review/shared';
import { ApproveDialog } from './ApproveDialog';
import { ReopenDialog } from './ReopenDialog';
import { RequestChangesDialog } from './RequestChangesDialog';
import { SubmitDialog } from './SubmitDialog';
import type { TransitionDialogProps } from './use-transition-form';
import { WithdrawDialog } from './WithdrawDialog';

interface TransitionDialogOfProps extends TransitionDialogProps {
  action: WorkflowAction;
  /** Approval: closes the dialog and shows what changed since the last submission. */
  onShowChanges?: () => void;
  /** Approval: closes the dialog and shows the comment threads still open. */
  onShowOpenThreads?: () => void;
}

/** The dialog of one workflow action. */
export function TransitionDialog({ action, onShowChanges, onShowOpenThreads, ...props }: TransitionDialogOfProps) {
  switch (action) {
    case 'submit':
      return <SubmitDialog {...props} />;
    case 'withdraw':
      return <WithdrawDialog {...props} />;
    case 'request_changes':
      return <RequestChangesDialog {...props} />;
    case 'approve':
      return <ApproveDialog {...props} onShowChanges={onShowChanges} onShowOpenThreads={onShowOpenThreads} />;
    case 'reopen':
      return <ReopenDialog {...props} />;
  }
}
