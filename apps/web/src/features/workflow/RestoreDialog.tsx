import type { VersionDto } from '@review/shared';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { useRestoreVersion } from './workflow.api';

interface RestoreDialogProps {
  reportId: string;
  version: VersionDto;
  onClose(): void;
  onRestored(): void;
}

/** Replaces the content with a version, after saying what that means. */
export function RestoreDialog({ reportId, version, onClose, onRestored }: RestoreDialogProps) {
  const { t } = useI18n();
  const toast = useToast();
  const restore = useRestoreVersion(reportId);
  return (
    <ConfirmDialog
      title={t('history.restoreTitle', { number: version.number })}
      message={t('history.restoreMessage', { number: version.number })}
      confirmLabel={t('history.restoreConfirm')}
      onClose={onClose}
      onConfirm={async () => {
        await restore.mutateAsync(version.id);
        toast.show(t('history.restored', { number: version.number }));
        onRestored();
      }}
    />
  );
}
