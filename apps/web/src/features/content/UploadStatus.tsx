import { useI18n } from '../../i18n/i18n';
import type { UploadProgress } from './content.api';

/** How far the upload has come, then that the server reads the file. */
export function UploadStatus({ progress }: { progress: UploadProgress }) {
  const { t } = useI18n();
  const percent = Math.round(progress.fraction * 100);
  return (
    <div className="upload-progress" role="status">
      <progress max={100} value={progress.done ? undefined : percent} aria-label={t('content.import.progress')} />
      <span>{progress.done ? t('content.import.reading') : `${t('content.import.uploading')} ${percent}%`}</span>
    </div>
  );
}
