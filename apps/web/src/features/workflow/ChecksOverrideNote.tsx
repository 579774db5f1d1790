import type { ReportDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';

/**
 * While a report is in review after a submission that overrode failed checks: how many problems
 * the checks found and the author's reason, where the reviewer decides (the state bar, the
 * approval) rather than only in the activity list.
 */
export function ChecksOverrideNote({ report }: { report: ReportDto }) {
  const { t } = useI18n();
  const override = report.state === 'in_review' ? report.checksOverride : null;
  if (!override) return null;
  return (
    <blockquote className="review-message override-message">
      <p className="review-message-head">{t('workflow.override', { count: override.problems, author: report.authorName })}</p>
      <p className="review-message-text">{override.reason}</p>
    </blockquote>
  );
}
