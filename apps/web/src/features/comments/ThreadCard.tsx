import { type CommentDto, commentBodySchema, mayChangeComment, type MeDto, type TeamMemberDto } from '@review/shared';
import { type MouseEvent, useRef, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/Toast';
import { type Translate, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';
import { CommentComposer, type ComposerHandle } from './CommentComposer';
import { useDeleteComment, useEditComment, useReply, useSetThreadStatus } from './comments.api';
import { splitMentions } from './mentions';
import type { PlacedThread } from './thread-model';

interface ThreadCardProps {
  placed: PlacedThread;
  reportId: string;
  me: MeDto;
  /** The user may comment on the report in its current state. */
  canComment: boolean;
  /** The user may resolve and reopen this thread (the reviewer or whoever opened it). */
  canResolve: boolean;
  selected: boolean;
  /** Team members that can be mentioned, and display names by lower-cased username. */
  people: readonly TeamMemberDto[];
  names: ReadonlyMap<string, string>;
  onSelect(): void;
}

/** What went wrong with a comment action, in the user's words; `conflict` says what a 409 means here. */
export function commentErrorText(err: unknown, t: Translate, conflict: MessageKey): string {
  if (err instanceof ApiError) {
    if (err.code === 'forbidden') return t('comments.error.forbidden');
    if (err.code === 'conflict') return t(conflict);
    if (err.code === 'validation_failed') return t('comments.error.invalid');
  }
  return generalError(err, t);
}

/** A body's text with `@username` of team members shown as their names. */
function Body({ text, names }: { text: string; names: ReadonlyMap<string, string> }) {
  return (
    <p className="comment-body">
      {splitMentions(text, new Set(names.keys())).map((part, i) =>
        part.mention ? (
          <span key={i} className="mention" title={part.text}>
            @{names.get(part.mention)}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

/**
 * One thread: the quoted text (which shows it in the document), its comments, and — for the
 * selected thread — a reply box; resolve or reopen for those who may.
 */
export function ThreadCard({ placed, reportId, me, canComment, canResolve, selected, people, names, onSelect }: ThreadCardProps) {
  const { t, formatDate } = useI18n();
  const toast = useToast();
  const { thread, outdated } = placed;
  const reply = useReply(reportId);
  const setStatus = useSetThreadStatus();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const resolved = thread.status === 'resolved';
  const resolverName = thread.resolvedBy ? nameOf(thread.resolvedBy, people, me, thread) : '';

  async function sendReply() {
    setError(null);
    const parsed = commentBodySchema.safeParse({ body: draft });
    if (!parsed.success) return setError(t('comments.bodyRequired'));
    try {
      await reply.mutateAsync({ threadId: thread.id, body: parsed.data.body });
      setDraft('');
    } catch (err) {
      setError(commentErrorText(err, t, 'comments.error.tooManyReplies'));
    }
  }

  async function toggleStatus() {
    setError(null);
    try {
      await setStatus.mutateAsync({ threadId: thread.id, status: resolved ? 'open' : 'resolved' });
      toast.show(t(resolved ? 'comments.reopened' : 'comments.resolvedToast'));
    } catch (err) {
      setError(commentErrorText(err, t, 'comments.error.invalid'));
    }
  }

  // A click anywhere on the card that is not on a control chooses the thread.
  const onCardClick = (e: MouseEvent<HTMLElement>) => {
    if ((e.target as HTMLElement).closest('button, a, textarea, input, [role="listbox"]')) return;
    onSelect();
  };

  return (
    // The quote button is the keyboard's way to choose the thread; the click on the card is a convenience.
    <article
      className={`thread${selected ? ' is-selected' : ''}${resolved ? ' is-resolved' : ''}${outdated ? ' is-outdated' : ''}`}
      data-thread-id={thread.id}
      data-status={thread.status}
      data-outdated={outdated}
      aria-current={selected || undefined}
      aria-label={t('comments.threadLabel', { name: thread.createdByName })}
      onClick={onCardClick}
    >
      <div className="thread-head">
        {outdated && <span className="tag tag-outdated">{t('comments.outdatedTag')}</span>}
        {resolved && (
          <span className="tag tag-resolved" title={thread.resolvedAt ? formatDate(thread.resolvedAt) : undefined}>
            {resolverName ? t('comments.resolvedBy', { name: resolverName }) : t('comments.resolvedTag')}
          </span>
        )}
      </div>
      <button
        type="button"
        className="thread-quote"
        onClick={onSelect}
        aria-label={t(outdated ? 'comments.quoteOutdated' : 'comments.goToText', { quote: thread.quote })}
        aria-pressed={selected}
      >
        <span className="thread-quote-text">{thread.quote}</span>
      </button>
      {outdated && <p className="thread-note">{t('comments.outdatedHint')}</p>}
      <ol className="thread-comments">
        {thread.comments.map((c) => (
          <CommentItem key={c.id} comment={c} reportId={reportId} mine={mayChangeComment(c.author, me)} canComment={canComment} people={people} names={names} />
        ))}
      </ol>
      {error && (
        <p className="form-error thread-error" role="alert">
          {error}
        </p>
      )}
      {selected && canComment && (
        <form
          className="thread-reply"
          onSubmit={(e) => {
            e.preventDefault();
            void sendReply();
          }}
        >
          <CommentComposer
            ref={composer}
            label={t('comments.replyLabel')}
            value={draft}
            onChange={setDraft}
            people={people}
            onSubmit={() => void sendReply()}
            placeholder={t('comments.replyPlaceholder')}
            rows={2}
          />
          <div className="thread-actions">
            {canResolve && (
              <button type="button" className="button small" onClick={() => void toggleStatus()} disabled={setStatus.isPending}>
                {t(resolved ? 'comments.reopen' : 'comments.resolve')}
              </button>
            )}
            <button type="submit" className="button small primary" disabled={reply.isPending || !draft.trim()}>
              {reply.isPending ? t('comments.sending') : t('comments.replySend')}
            </button>
          </div>
        </form>
      )}
      {!(selected && canComment) && (
        <div className="thread-actions">
          {canComment && canResolve && (
            <button type="button" className="button small" onClick={() => void toggleStatus()} disabled={setStatus.isPending}>
              {t(resolved ? 'comments.reopen' : 'comments.resolve')}
            </button>
          )}
          {canComment && (
            <button
              type="button"
              className="button small quiet"
              onClick={() => {
                onSelect();
                requestAnimationFrame(() => composer.current?.focus());
              }}
            >
              {t('comments.reply')}
            </button>
          )}
          {thread.comments.length > 1 && (
            <span className="thread-count">{thread.comments.length === 2 ? t('comments.replyOne') : t('comments.replies', { count: thread.comments.length - 1 })}</span>
          )}
        </div>
      )}
    </article>
  );
}

/** The name of whoever resolved the thread: from the thread's comments or the team. */
function nameOf(userId: string, people: readonly TeamMemberDto[], me: MeDto, thread: PlacedThread['thread']): string {
  if (userId === me.id) return me.displayName;
  if (userId === thread.createdBy) return thread.createdByName;
  return thread.comments.find((c) => c.author === userId)?.authorName ?? people.find((p) => p.userId === userId)?.displayName ?? '';
}

interface CommentItemProps {
  comment: CommentDto;
  reportId: string;
  mine: boolean;
  canComment: boolean;
  people: readonly TeamMemberDto[];
  names: ReadonlyMap<string, string>;
}

function CommentItem({ comment, reportId, mine, canComment, people, names }: CommentItemProps) {
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
        <Body text={comment.body} names={names} />
      )}
      {mine && canComment && !comment.deleted && editing === null && (
        <p className="comment-tools">
          <button type="button" className="link-button" onClick={() => setEditing(comment.body)}>
            {t('comments.edit')}
          </button>
          <button type="button" className="link-button danger-link" onClick={() => setConfirming(true)}>
            {t('comments.delete')}
          </button>
        </p>
      )}
      {error && (
        <p className="form-error thread-error" role="alert">
          {error}
        </p>
      )}
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
