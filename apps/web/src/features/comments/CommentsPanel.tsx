import { canComment, type MeDto, mayResolveThread, type ReportDto, type ReportRelation } from '@review/shared';
import { useEffect, useMemo, useRef } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { revealRange } from '../../editor/comment-highlights';
import type { EditorContext } from '../../editor/editor-context';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { actorFor, myRelation } from '../reports/relation';
import { COMMENT_SHORTCUT } from './comment-shortcut';
import { useThreads } from './comments.api';
import { useMentionNames } from './mentions';
import { ThreadCard } from './ThreadCard';
import { filterThreads, type PlacedThread, type ThreadFilter, type ThreadSelection, threadCounts } from './thread-model';
import { FILTER_LABEL, ThreadFilters } from './ThreadFilters';
import { usePlacedThreads } from './use-placed-threads';
import './comments.css';

interface CommentsPanelProps {
  report: ReportDto;
  me: MeDto;
  context: EditorContext;
  filter: ThreadFilter;
  onFilter(filter: ThreadFilter): void;
  selection: ThreadSelection | null;
  onSelect(id: string): void;
}

const EMPTY: Record<ThreadFilter, MessageKey> = {
  open: 'comments.empty.open',
  resolved: 'comments.empty.resolved',
  outdated: 'comments.empty.outdated',
};

/**
 * The comment threads of the report beside the text: filtered (open, resolved, outdated, with
 * counts), in document order with outdated ones grouped at the end. Choosing a thread shows its
 * text; a thread chosen in the text is scrolled into view here.
 */
export function CommentsPanel({ report, me, context, filter, onFilter, selection, onSelect }: CommentsPanelProps) {
  const { t } = useI18n();
  const threads = useThreads(report.id);
  const placed = usePlacedThreads(threads.data, context);
  const counts = threadCounts(placed);
  const { anchored, outdated } = filterThreads(placed, filter);
  const { names, members } = useMentionNames(me, [report.teamId]);
  const people = useMemo(() => members.filter((m) => m.userId !== me.id), [members, me.id]);

  const actor = actorFor(me, report);
  const relation = myRelation(report, me);
  const mayComment = canComment(context.access);
  const list = useRef<HTMLDivElement>(null);

  // Show the chosen thread: its card here, and its text in the document unless it was chosen there.
  const selected = selection ? placed.find((p) => p.thread.id === selection.id) : undefined;
  const shownSeq = useRef<number | null>(null);
  useEffect(() => {
    if (!selection || !selected || shownSeq.current === selection.seq) return;
    const inText = selection.source === 'text' || selection.source === 'created';
    if (!inText && selected.range === undefined && !selected.outdated) return; // not placed yet
    shownSeq.current = selection.seq;
    const card = list.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(selection.id)}"]`);
    card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    if (selection.source === 'created') card?.querySelector<HTMLElement>('.thread-quote')?.focus({ preventScroll: true });
    if (!inText && selected.range) revealRange(context.editor, selected.range);
  }, [selection, selected, context.editor]);

  const card = (p: PlacedThread) => (
    <li key={p.thread.id}>
      <ThreadCard
        placed={p}
        reportId={report.id}
        me={me}
        canComment={mayComment}
        canResolve={mayResolveThread(report, actor, p.thread.createdBy)}
        selected={selection?.id === p.thread.id}
        people={people}
        names={names}
        onSelect={() => onSelect(p.thread.id)}
      />
    </li>
  );

  return (
    <section className="comments" aria-label={t('comments.title')}>
      <ThreadFilters filter={filter} onFilter={onFilter} counts={counts} />
      <p className="comments-hint">
        {mayComment ? t('comments.howTo', { keys: COMMENT_SHORTCUT.shown }) : t(cannotCommentKey(report, relation))}
      </p>
      <QueryStatus isPending={threads.isPending} error={threads.error} onRetry={() => void threads.refetch()} />
      <div ref={list}>
        {threads.data && anchored.length === 0 && outdated.length === 0 && <EmptyState title={t(EMPTY[filter])} />}
        {anchored.length > 0 && (
          <ol className="thread-list" aria-label={t(FILTER_LABEL[filter])}>
            {anchored.map(card)}
          </ol>
        )}
        {outdated.length > 0 && (
          <>
            {filter !== 'outdated' && <h3 className="thread-group-title">{t('comments.outdatedGroup')}</h3>}
            <ol className="thread-list thread-list-outdated" aria-label={t('comments.outdatedGroup')}>
              {outdated.map(card)}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}

function cannotCommentKey(report: ReportDto, relation: ReportRelation): MessageKey {
  if (report.state === 'approved') return 'comments.cannot.approved';
  if (relation === 'member') return 'comments.cannot.member';
  return 'comments.cannot.other';
}
