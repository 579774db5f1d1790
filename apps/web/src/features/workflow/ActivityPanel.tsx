import { activitySpan, inActivityOrder } from '@review/shared';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { describeAuditEvent } from './audit-text';
import { useAuditPages, useAuditVerify } from './workflow.api';

/**
 * The audit trail of the report in plain language, newest first, with the chain's verification;
 * the latest page at first, older ones on request. Events read in the order things happened: an
 * edit session, recorded when it ended, stands where it began and shows its start and end.
 */
export function ActivityPanel({ reportId }: { reportId: string }) {
  const { t, formatDateRange, locale } = useI18n();
  const audit = useAuditPages(reportId);
  const verify = useAuditVerify(reportId);
  const number = new Intl.NumberFormat(locale);
  const events = inActivityOrder((audit.data?.pages ?? []).flat()).reverse();
  const brokenAt = verify.data && !verify.data.ok ? verify.data.brokenAt : undefined;

  return (
    <div className="activity">
      <div className="activity-head">
        <VerifyBadge verify={verify} />
        <button
          type="button"
          className="button small quiet"
          onClick={() => {
            void audit.refetch();
            void verify.refetch();
          }}
          disabled={audit.isFetching || verify.isFetching}
        >
          {t('activity.refresh')}
        </button>
      </div>
      <QueryStatus isPending={audit.isPending} error={audit.error} onRetry={() => void audit.refetch()} />
      {audit.data && events.length === 0 && <EmptyState title={t('activity.empty')} />}
      {events.length > 0 && (
        <ol className="timeline" aria-label={t('activity.list')}>
          {events.map((e) => {
            const broken = brokenAt !== undefined && e.seq >= brokenAt;
            const { start, end } = activitySpan(e);
            return (
              <li
                key={e.seq}
                className={`timeline-item action-${e.action}${broken ? ' broken' : ''}`}
                data-seq={e.seq}
                data-action={e.action}
              >
                <p className="timeline-text">{describeAuditEvent(e, t, (n) => number.format(n))}</p>
                <p className="timeline-meta">
                  <time dateTime={start}>{formatDateRange(start, end)}</time>
                  <span className="timeline-seq" title={e.hash}>
                    {t('activity.seq', { seq: e.seq })}
                  </span>
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {audit.hasNextPage && (
        <button
          type="button"
          className="button small quiet activity-older"
          onClick={() => void audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          {audit.isFetchingNextPage ? t('activity.loadingOlder') : t('activity.loadOlder')}
        </button>
      )}
      {audit.isFetchNextPageError && <p className="form-error" role="alert">{t('activity.olderFailed')}</p>}
    </div>
  );
}

function VerifyBadge({ verify }: { verify: ReturnType<typeof useAuditVerify> }) {
  const { t } = useI18n();
  if (verify.error) {
    return (
      <span className="verify verify-unknown" role="status">
        {t('activity.verifyFailed')}
      </span>
    );
  }
  if (!verify.data) {
    return (
      <span className="verify verify-pending" role="status">
        {t('activity.verifying')}
      </span>
    );
  }
  if (verify.data.ok) {
    return (
      <span className="verify verify-ok" role="status" title={t('activity.verifiedHint', { count: verify.data.events })} data-verified="true">
        <span aria-hidden="true">✓ </span>
        {t('activity.verified')}
        <span className="verify-count">{t('activity.verifiedCount', { count: verify.data.events })}</span>
      </span>
    );
  }
  return (
    <span className="verify verify-broken" role="alert" title={verify.data.problem} data-verified="false">
      <span aria-hidden="true">✕ </span>
      {verify.data.brokenAt !== undefined ? t('activity.broken', { seq: verify.data.brokenAt }) : t('activity.brokenSomewhere')}
    </span>
  );
}
