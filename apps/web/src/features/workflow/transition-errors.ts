import type { ReportDto } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import { type MessageKey, stateKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';

/** One problem of a `checks_failed` answer (GET /checks shape). */
export interface CheckProblem {
  kind: string;
  text: string;
}

export function checkProblems(details: unknown): CheckProblem[] {
  const list = Array.isArray(details) ? details : (details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    if (typeof p !== 'object' || p === null) return [];
    const { kind, text } = p as Record<string, unknown>;
    return [{ kind: typeof kind === 'string' ? kind : 'unknown', text: typeof text === 'string' ? text : '' }];
  });
}

const CHECK_KIND: Partial<Record<string, MessageKey>> = {
  placeholder: 'workflow.check.placeholder',
  empty_section: 'workflow.check.empty_section',
  missing_measures: 'workflow.check.missing_measures',
};

export function checkProblemText(problem: CheckProblem, t: Translate): string {
  const key = CHECK_KIND[problem.kind];
  const quote = problem.text.length > 40 ? `${problem.text.slice(0, 40)}…` : problem.text;
  return key ? t(key, { text: quote }) : t('workflow.check.other', { kind: problem.kind, text: quote });
}

/** Errors after which the report on screen is out of date and must be fetched again. */
export function reportIsStale(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'stale_revision' || err.code === 'invalid_transition' || err.code === 'forbidden');
}

/**
 * What a failed transition means for the user, in their language. `report` is the report as
 * it is now (fetched again after a conflict), so the message can name the state it moved to.
 */
export function transitionErrorText(err: unknown, t: Translate, report: ReportDto): string {
  if (!(err instanceof ApiError)) return generalError(err, t);
  const state = t(stateKey(report.state));
  switch (err.code) {
    case 'stale_revision':
      return t('workflow.error.stale_revision', { state });
    case 'invalid_transition':
      return t('workflow.error.invalid_transition', { state });
    case 'content_changed':
      return t('workflow.error.content_changed');
    case 'invalid_credentials':
      return t('workflow.error.invalid_credentials');
    case 'open_threads':
      return t('workflow.error.open_threads');
    case 'checks_failed':
      return t('workflow.error.checks_failed');
    case 'forbidden':
      return t('workflow.error.forbidden');
    case 'validation_failed':
      return t('workflow.error.validation_failed');
    default:
      return generalError(err, t);
  }
}
