import { useI18n } from '../../i18n/i18n';
import { useReportChecks } from '../content/content.api';

/**
 * How the pre-submit checks stand, in the state bar: the number of problems (a click shows them)
 * or that they pass. Nothing while they load.
 */
export function ChecksStatus({ reportId, onShowChecks }: { reportId: string; onShowChecks(): void }) {
  const { t } = useI18n();
  const problems = useReportChecks(reportId).data?.problems.length;
  if (problems === undefined) return null;
  if (problems === 0) {
    return (
      <span className="checks-status is-ok" data-checks={0}>
        <span aria-hidden="true">✓</span> {t('content.checks.statePass')}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="button checks-status"
      onClick={onShowChecks}
      title={t('content.checks.stateProblemsHint')}
      data-checks={problems}
    >
      {problems === 1 ? t('content.checks.stateProblemsOne') : t('content.checks.stateProblems', { count: problems })}
    </button>
  );
}
