import { createThreadSchema, type TeamMemberDto, type ThreadDto } from '@review/shared';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import type { CollabSession } from '../../editor/collab-session';
import type { SelectionAnchor } from '../../editor/comment-highlights';
import { shortcut } from '../../editor/shortcuts';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { useZodForm } from '../../lib/use-zod-form';
import { CommentComposer } from './CommentComposer';
import { commentErrorText } from './comment-errors';
import { useCreateThread } from './comments.api';
import './comments.css';

interface NewThreadDialogProps {
  reportId: string;
  session: CollabSession;
  draft: SelectionAnchor;
  people: readonly TeamMemberDto[];
  onClose(): void;
  onCreated(thread: ThreadDto): void;
}

const SEND_SHORTCUT = shortcut('Mod', 'Enter');

const isAnchorProblem = (err: unknown) =>
  err instanceof ApiError && err.code === 'validation_failed' && err.issues.some((i) => i.path.startsWith('anchor'));

/** Resolves once the server holds every local change (at most `ms` later: then the server decides). */
function whenSaved(session: CollabSession, ms: number): Promise<void> {
  return Promise.race([session.provider.whenSaved(), new Promise<void>((resolve) => setTimeout(resolve, ms))]);
}

/** The first comment on a passage: the quote, and the comment with mentions. */
export function NewThreadDialog({ reportId, session, draft, people, onClose, onCreated }: NewThreadDialogProps) {
  const { t } = useI18n();
  const create = useCreateThread(reportId);
  const [waiting, setWaiting] = useState(false);

  async function send(input: Parameters<typeof create.mutateAsync>[0]) {
    // The server only accepts anchors into text it holds: let the latest edits arrive first.
    setWaiting(true);
    await whenSaved(session, 10_000);
    setWaiting(false);
    try {
      return await create.mutateAsync(input);
    } catch (err) {
      if (!isAnchorProblem(err)) throw err;
      // Edits may have been on their way: once more, after they are stored.
      setWaiting(true);
      await whenSaved(session, 10_000);
      setWaiting(false);
      return await create.mutateAsync(input);
    }
  }

  const form = useZodForm({
    schema: createThreadSchema,
    initial: { body: '' },
    toInput: ({ body }) => ({ anchor: draft.anchor, quote: draft.quote, body }),
    check: ({ body }) => (body.trim() ? {} : { body: t('comments.bodyRequired') }),
    submit: async (input) => onCreated(await send(input)),
    failureFields: () => ({}),
    failureMessage: (err) =>
      isAnchorProblem(err) ? t('comments.new.anchorRejected') : commentErrorText(err, t, 'comments.error.tooManyThreads'),
  });

  return (
    <Dialog title={t('comments.new.title')} onClose={onClose}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <figure className="new-thread-quote">
          <figcaption>{t('comments.new.quoteLabel')}</figcaption>
          <blockquote>{draft.quote}</blockquote>
        </figure>
        <Field label={t('comments.new.bodyLabel')} error={form.errors.body} hint={t('comments.new.hint', { keys: SEND_SHORTCUT.shown })}>
          {(control) => (
            <CommentComposer
              control={control}
              value={form.values.body}
              onChange={(body) => form.set('body', body)}
              people={people}
              onSubmit={() => form.onSubmit()}
              rows={4}
              autoFocus
            />
          )}
        </Field>
        {waiting && (
          <p className="loading" role="status">
            {t('comments.new.waiting')}
          </p>
        )}
        <FormError message={form.formError} />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('comments.new.submit')}
          pending={form.submitting}
          pendingLabel={t('comments.new.sending')}
        />
      </form>
    </Dialog>
  );
}
