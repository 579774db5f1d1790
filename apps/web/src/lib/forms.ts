import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApiError } from './api';

/** The parts of a zod issue that the forms read (structural, so any zod issue fits). */
export interface FormIssue {
  code: string;
  path: readonly PropertyKey[];
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
}

/** Localised message per field name; a form shows each next to its control. */
export type FieldErrors = Partial<Record<string, string>>;

/** Messages a form uses instead of the generic ones, per field. */
export type FieldMessages = Partial<Record<string, MessageKey>>;

function issueMessage(issue: FormIssue, t: Translate, custom: MessageKey | undefined): string {
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? t('form.required') : t('form.tooShort', { min: String(issue.minimum) });
    case 'too_big':
      return t('form.tooLong', { max: String(issue.maximum) });
    case 'invalid_type':
      return t('form.required');
    default:
      return t(custom ?? 'form.invalid');
  }
}

/** Client-side validation result of a shared zod schema, as localised field messages. */
export function fieldErrorsFromIssues(issues: readonly FormIssue[], t: Translate, custom: FieldMessages = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issueMessage(issue, t, custom[field]);
  }
  return errors;
}

/**
 * Field messages from a 400 `validation_failed` answer. The server's own wording is English
 * and meant for developers, so a field with a known meaning gets the form's message and any
 * other field the generic one with the server's detail attached.
 */
export function fieldErrorsFromApi(err: unknown, t: Translate, custom: FieldMessages = {}): FieldErrors {
  if (!(err instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const issue of err.issues) {
    const field = issue.path.split('.')[0] ?? '';
    const key = custom[field];
    errors[field] ??= key ? t(key) : t('form.invalidDetail', { detail: issue.message });
  }
  return errors;
}

/** A message for an error that no field explains. */
export function generalError(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.code === 'forbidden') return t('error.forbidden');
    if (err.code === 'not_found') return t('error.notFound');
    if (err.code === 'unauthenticated') return t('error.unauthenticated');
    if (err.code === 'rate_limited') return t('error.rateLimited');
    if (err.code === 'unavailable') return t('error.unavailable');
    if (err.status >= 500) return t('error.server');
    return t('error.withDetail', { detail: err.message });
  }
  return t('error.network');
}

/** The server refused because the value is taken (409 `conflict`), e.g. a username or a team name. */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'conflict';
}

/** The server does not know (or no longer shows) what the request names (404 `not_found`). */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'not_found';
}
