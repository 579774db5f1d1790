import { useI18n } from '../i18n/i18n';
import { generalError } from '../lib/forms';

interface QueryStatusProps {
  isPending: boolean;
  error: unknown;
  onRetry?(): void;
}

/** The loading line or the failure message (with retry) of a query; nothing once it has data. */
export function QueryStatus({ isPending, error, onRetry }: QueryStatusProps) {
  const { t } = useI18n();
  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <span>{generalError(error, t)}</span>
        {onRetry && (
          <button type="button" className="button small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  if (isPending) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return null;
}
