import { type CommentDto, commentBodySchema, type TeamMemberDto } from '@review/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { CommentBody } from './CommentBody';
import { CommentComposer } from './CommentComposer';
import { commentErrorText } from './comment-errors';
import { useDeleteComment, useEditComment } from './comments.api';

interface CommentItemProps {
  comment: CommentDto;
  reportId: string;
  /** The user may edit and delete this comment (its author, while they may comment at all). */
  canChange: boolean;
  people: readonly TeamMemberDto[];
  names: ReadonlyMap<string, string>;
}

/** One comment of a thread: author, time, body; its author edits it in place or deletes it (after asking). */
export function CommentItem({ comment, reportId, canChange, people, names }: CommentItemProps) {
  const { t, formatDate } = useI18n();
  const edit = useEditComment(reportId);
  const remove = useDeleteComment(reportId);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    if (editing === null) return;
    setError(null);
    const parsed = commentBodySchema.safeParse({ body: editing });
    if (!parsed.success) return setError(t('comments.bodyRequired'));
    try {
      await edit.mutateAsync({ commentId: comment.id, body: parsed.data.body });
      setEditing(null);
    } catch (err) {
      setError(commentErrorText(err, t, 'comments.error.deleted'));
    }
  }

  return (
    <li className={comment.deleted ? 'comment is-deleted' : 'comment'} data-comment-id={comment.id}>
      <p className="comment-head">
        <span className="comment-author">{comment.authorName}</span>
        <time dateTime={comment.createdAt}>{formatDate(comment.createdAt)}</time>
        {comment.editedAt && !comment.deleted && <span className="comment-edited">{t('comments.edited')}</span>}
      </p>
      {comment.deleted ? (
        <p className="comment-body comment-deleted">{t('comments.deleted')}</p>
      ) : editing !== null ? (
        <form
          className="comment-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <CommentComposer
            label={t('comments.editLabel')}
            value={editing}
            onChange={setEditing}
            people={people}
            onSubmit={() => void save()}
            onCancel={() => setEditing(null)}
            rows={3}
            autoFocus
          />
          <div className="thread-actions">
            <button type="button" className="button small quiet" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button small primary" disabled={edit.isPending}>
              {t('comments.save')}
            </button>
          </div>
        </form>
      ) : (
        <CommentBody text={comment.body} names={names} />
      )}
      {canChange && !comment.deleted && editing === null && (
        <p className="comment-tools">
          <button type="button" className="link-button" onClick={() => setEditing(comment.body)}>
            {t('comments.edit')}
          </button>
          <button type="button" className="link-button danger-link" onClick={() => setConfirming(true)}>
            {t('comments.delete')}
          </button>
        </p>
      )}
      <FormError message={error} className="thread-error" />
      {confirming && (
        <ConfirmDialog
          title={t('comments.deleteTitle')}
          message={t('comments.deleteMessage')}
          confirmLabel={t('comments.delete')}
          onConfirm={() => remove.mutateAsync(comment.id)}
          onClose={() => setConfirming(false)}
        />
      )}
    </li>
  );
}
