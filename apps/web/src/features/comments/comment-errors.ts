import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';

/** What went wrong with a comment action, in the user's words; `conflict` says what a 409 means here. */
export function commentErrorText(err: unknown, t: Translate, conflict: MessageKey): string {
  if (err instanceof ApiError) {
    if (err.code === 'forbidden') return t('comments.error.forbidden');
    if (err.code === 'conflict') return t(conflict);
    if (err.code === 'validation_failed') return t('comments.error.invalid');
  }
  return generalError(err, t);
}
