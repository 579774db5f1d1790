/** Stable error codes of the HTTP API (docs/protocol.md). */
export const ERROR_CODES = [
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'not_found',
  'validation_failed',
  'payload_too_large',
  'stale_revision',
  'content_changed',
  'open_threads',
  'checks_failed',
  'invalid_transition',
  'conflict',
  'rate_limited',
  'internal_error',
  /** 503: the server refuses writes until an operator repairs it (e.g. the audit trail's protection is gone). */
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ValidationIssue {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  error: ErrorCode;
  message: string;
  status: number;
  details?: unknown;
}

