import type { ContentProblem } from '@review/shared';
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { generalError } from '../../lib/forms';
import type { ProblemExcerpt } from './block-positions';
import { useReportChecks } from './content.api';
import { problemText } from './problem-text';
import './content.css';

export { useReportChecks } from './content.api';

interface ChecksPanelProps {
  reportId: string;
  /**
   * A problem was chosen: show block `block` (an index into GET /content `blocks`) in the text.
   * `revealProblem(editor, problem)` of ./block-positions does exactly that.
   */
  onSelectBlock?(block: number, problem: ContentProblem): void;
  /**
   * The section and the words around a placeholder as the editor has them now
   * (`problemExcerpt(editor.state.doc, p)`), to tell many “XX” apart.
   */
  excerptOf?(problem: ContentProblem): ProblemExcerpt | null | undefined;
}

/**
 * The pre-submit checks of a report (GET /reports/:id/checks, refreshed every few seconds
 * while the report's editor is connected, and on demand): 检查通过, or the problems in plain language, each leading to its
 * place in the text.
 *
 * Wiring: a tab of the report page's side panel (next to 目录 / 历史 / 动态), e.g.
 *   <ChecksPanel reportId={report.id}
 *                onSelectBlock={(_, p) => revealProblem(context.editor, p)}
 *                excerptOf={(p) => problemExcerpt(context.editor.state.doc, p)} />
 * and the tab's count from `useReportChecks(report.id).data?.problems.length` (same request).
 */
export function ChecksPanel({ reportId, onSelectBlock, excerptOf }: ChecksPanelProps) {
  const { t } = useI18n();
  const checks = useReportChecks(reportId);
  const titleId = useId();
  const problems = checks.data?.problems ?? [];
  // Only a check the user asked for shows as busy; the polling stays quiet.
  const [asked, setAsked] = useState(false);
  const busy = asked && checks.isFetching;
  const checkNow = async () => {
    setAsked(true);
    await checks.refetch();
    setAsked(false);
  };

  return (
    <section className="checks-panel" aria-labelledby={titleId} data-state={checks.data ? (checks.data.ok ? 'ok' : 'problems') : 'pending'}>
      <div className="checks-head">
        <h2 id={titleId} className="checks-title">
          {t('content.checks.title')}
        </h2>
        <button
          type="button"
          className="button small quiet"
          onClick={() => void checkNow()}
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? t('content.checks.checking') : t('content.checks.refresh')}
        </button>
      </div>

      {checks.isPending && !checks.isError && (
        <p className="loading" role="status">
          {t('content.checks.checking')}
        </p>
      )}
      {checks.isError && (
        <div className="notice notice-error" role="alert">
          <span>
            {t('content.checks.failed')} {generalError(checks.error, t)}
          </span>
        </div>
      )}

      <div aria-live="polite">
        {checks.data?.ok && (
          <div className="checks-ok">
            <p className="checks-ok-title">
              <span aria-hidden="true">✓</span> {t('content.checks.ok')}
            </p>
            <p className="checks-ok-text">{t('content.checks.okText')}</p>
          </div>
        )}
        {checks.data && !checks.data.ok && (
          <p className="checks-count">
            {problems.length === 1 ? t('content.checks.countOne') : t('content.checks.count', { count: problems.length })}
          </p>
        )}
      </div>

      {problems.length > 0 && (
        <>
          <p className="checks-help">{t('content.checks.help')}</p>
          <ol className="checks-list" aria-label={t('content.checks.list')}>
            {problems.map((problem) => {
              const excerpt = excerptOf?.(problem);
              const key = `${problem.kind}-${problem.block}-${problem.start ?? ''}`;
              return (
                <li key={key}>
                  <button
                    type="button"
                    className={`check-item check-item-${problem.kind}`}
                    data-block={problem.block}
                    onClick={() => onSelectBlock?.(problem.block, problem)}
                    disabled={!onSelectBlock}
                  >
                    <span className="check-item-text">{problemText(problem, t)}</span>
                    {excerpt?.section && problem.kind === 'placeholder' && (
                      <span className="check-item-section">{excerpt.section}</span>
                    )}
                    {excerpt?.text && (
                      <span className="check-item-excerpt">
                        {excerpt.before}
                        <mark>{excerpt.text}</mark>
                        {excerpt.after}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <p className="checks-note">{t('content.checks.note')}</p>
    </section>
  );
}
