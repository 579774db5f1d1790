import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { useI18n } from '../../i18n/i18n';

/** What the new-report and import dialogs say to someone in no team: a report needs one. */
export function NoTeamsDialog({ title, onClose }: { title: string; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog title={title} onClose={onClose} size="small">
      <p>{t('reports.new.noTeams')}</p>
      <DialogActions onCancel={onClose} cancelLabel={t('common.close')} autoFocus="cancel" />
    </Dialog>
  );
}
