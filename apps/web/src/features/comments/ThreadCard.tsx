import { mayChangeComment, type MeDto, type TeamMemberDto } from '@review/shared';
import { type MouseEvent, useRef } from 'react';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { CommentComposer, type ComposerHandle } from './CommentComposer';
import { CommentItem } from './CommentItem';
import { nameInThread, type PlacedThread } from './thread-model';
import { useThreadActions } from './use-thread-actions';

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

/**
 * One thread: the quoted text (which shows it in the document), its comments, and — for the
 * selected thread — a reply box; resolve or reopen for those who may.
 */
export function ThreadCard({ placed, reportId, me, canComment, canResolve, selected, people, names, onSelect }: ThreadCardProps) {
  const { t, formatDate } = useI18n();
  const { thread, outdated } = placed;
  const actions = useThreadActions(reportId, thread);
  const composer = useRef<ComposerHandle>(null);
  const resolved = thread.status === 'resolved';
  const resolverName = thread.resolvedBy ? nameInThread(thread.resolvedBy, thread, me, people) : '';

  // A click anywhere on the card that is not on a control chooses the thread.
  const onCardClick = (e: MouseEvent<HTMLElement>) => {
    if ((e.target as HTMLElement).closest('button, a, textarea, input, [role="listbox"]')) return;
    onSelect();
  };

  const resolveButton = (
    <button type="button" className="button small" onClick={actions.toggleStatus} disabled={actions.togglingStatus}>
      {t(resolved ? 'comments.reopen' : 'comments.resolve')}
    </button>
  );

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
          <CommentItem
            key={c.id}
            comment={c}
            reportId={reportId}
            canChange={canComment && mayChangeComment(c.author, me)}
            people={people}
            names={names}
          />
        ))}
      </ol>
      <FormError message={actions.error} className="thread-error" />
      {selected && canComment ? (
        <form
          className="thread-reply"
          onSubmit={(e) => {
            e.preventDefault();
            actions.sendReply();
          }}
        >
          <CommentComposer
            ref={composer}
            label={t('comments.replyLabel')}
            value={actions.draft}
            onChange={actions.setDraft}
            people={people}
            onSubmit={actions.sendReply}
            placeholder={t('comments.replyPlaceholder')}
            rows={2}
          />
          <div className="thread-actions">
            {canResolve && resolveButton}
            <button type="submit" className="button small primary" disabled={actions.sending || !actions.draft.trim()}>
              {actions.sending ? t('comments.sending') : t('comments.replySend')}
            </button>
          </div>
        </form>
      ) : (
        <div className="thread-actions">
          {canComment && canResolve && resolveButton}
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
            <span className="thread-count">
              {thread.comments.length === 2 ? t('comments.replyOne') : t('comments.replies', { count: thread.comments.length - 1 })}
            </span>
          )}
        </div>
      )}
    </article>
  );
}
