import type { ReportDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';
import { useAudit } from './workflow.api';

/** The reviewer's message of the latest "request changes". */
function latestRequest(events: ReturnType<typeof useAudit>['data']) {
  const event = events?.findLast((e) => e.action === 'request_changes');
  const message = event?.details.message;
  if (!event || typeof message !== 'string' || !message) return null;
  return { message, at: event.at, name: event.actorName ?? '' };
}

/** While changes are requested: what the reviewer asked for, by whom and when. */
export function ReviewRequestMessage({ report }: { report: ReportDto }) {
  const { t, formatDate } = useI18n();
  const changesRequested = report.state === 'changes_requested';
  const audit = useAudit(report.id, changesRequested);
  const request = changesRequested ? latestRequest(audit.data) : null;
  if (!request) return null;
  return (
    <blockquote className="review-message">
      <p className="review-message-head">
        {t('workflow.requestMessage', { name: request.name })}
        <time dateTime={request.at}>{formatDate(request.at)}</time>
      </p>
      <p className="review-message-text">{request.message}</p>
    </blockquote>
  );
}
