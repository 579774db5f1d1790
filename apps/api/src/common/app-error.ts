import type { ContentProblem, ErrorCode, ValidationIssue } from '@review/shared';
import type { ZodError } from 'zod';

/** An expected failure with a stable code; the error filter serialises it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const unauthenticated = (message = 'Sign in first') => new AppError('unauthenticated', 401, message);
export const invalidCredentials = (message = 'Wrong username or password') =>
  new AppError('invalid_credentials', 401, message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', 403, message);
export const notFound = (what = 'Resource') => new AppError('not_found', 404, `${what} not found`);
export const conflict = (message: string) => new AppError('conflict', 409, message);
export const rateLimited = (retryAfterSeconds: number, what = 'Too many attempts') =>
  new AppError('rate_limited', 429, `${what}; try again in ${retryAfterSeconds} s`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
export const validationFailed = (details: ValidationIssue[], message = 'The request is not valid') =>
  new AppError('validation_failed', 400, message, details);

export function fromZodError(error: ZodError): AppError {
  return validationFailed(
    error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

export const staleRevision = (current: number) =>
  new AppError('stale_revision', 409, `The report has changed meanwhile (now at revision ${current}); reload it and try again`, {
    revision: current,
  });
export const invalidTransition = (message: string) => new AppError('invalid_transition', 409, message);
export const contentChanged = (currentHash: string) =>
  new AppError('content_changed', 409, 'The document changed since you reviewed it; check it again before approving', {
    contentHash: currentHash,
  });

/** 409 for a submit while the content checks fail and no override reason was given. */
export const checksFailed = (problems: ContentProblem[]) =>
  new AppError(
    'checks_failed',
    409,
    `The report has ${problems.length} problem(s) to fix before it is submitted, or give an override reason`,
    problems,
  );
