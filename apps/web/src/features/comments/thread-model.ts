import type { ThreadDto } from '@review/shared';
import type { AnchoredThread, ThreadRange } from '../../editor/comment-highlights';

export type ThreadFilter = 'open' | 'resolved' | 'outdated';

/**
 * How a thread came to be selected: its text is shown in the document unless it was chosen there
 * (a click on its mark, or just written); a new thread also takes the focus, for the keyboard.
 */
export interface ThreadSelection {
  id: string;
  source: 'text' | 'created' | 'panel' | 'link';
  /** Tells one request to show the same thread from the next. */
  seq: number;
}

export const THREAD_FILTERS: readonly ThreadFilter[] = ['open', 'resolved', 'outdated'];

/** A thread with where its text is now in the editor (undefined while that is not known yet). */
export interface PlacedThread {
  thread: ThreadDto;
  range: ThreadRange | undefined;
  /** The anchored text was deleted: as the editor sees it now, else as the server said. */
  outdated: boolean;
}

/** What the editor places and marks: every thread, open ones highlighted. */
export function anchoredThreads(threads: readonly ThreadDto[]): AnchoredThread[] {
  return threads.map((t) => ({ id: t.id, anchor: t.anchor, highlight: t.status === 'open' }));
}

export function placeThreads(threads: readonly ThreadDto[], ranges: ReadonlyMap<string, ThreadRange>): PlacedThread[] {
  return threads.map((thread) => {
    const range = ranges.get(thread.id);
    return { thread, range, outdated: range === undefined ? thread.outdated : range === null };
  });
}

function matches(p: PlacedThread, filter: ThreadFilter): boolean {
  if (filter === 'outdated') return p.outdated;
  return p.thread.status === filter;
}

const byTime = (a: PlacedThread, b: PlacedThread) => a.thread.createdAt.localeCompare(b.thread.createdAt);

/**
 * The threads a filter shows: those still anchored in document order (by where their text
 * starts now), then those whose text was deleted, oldest first. An open thread whose text was
 * deleted still counts as open: approval waits for it too.
 */
export function filterThreads(placed: readonly PlacedThread[], filter: ThreadFilter): { anchored: PlacedThread[]; outdated: PlacedThread[] } {
  const shown = placed.filter((p) => matches(p, filter));
  const anchored = shown
    .filter((p) => !p.outdated)
    .sort((a, b) => {
      const from = (p: PlacedThread) => (p.range ? p.range.from : Number.MAX_SAFE_INTEGER);
      return from(a) - from(b) || (a.range?.to ?? 0) - (b.range?.to ?? 0) || byTime(a, b);
    });
  return { anchored, outdated: shown.filter((p) => p.outdated).sort(byTime) };
}

export function threadCounts(placed: readonly PlacedThread[]): Record<ThreadFilter, number> {
  return {
    open: placed.filter((p) => matches(p, 'open')).length,
    resolved: placed.filter((p) => matches(p, 'resolved')).length,
    outdated: placed.filter((p) => matches(p, 'outdated')).length,
  };
}

/** The filter under which a thread is found, for jumping to it. */
export function filterOf(p: PlacedThread): ThreadFilter {
  return p.thread.status === 'resolved' ? 'resolved' : 'open';
}

/** The name of a person in a thread (e.g. whoever resolved it): the user, from the thread's comments, or from the team. */
export function nameInThread(
  userId: string,
  thread: ThreadDto,
  me: { id: string; displayName: string },
  people: readonly { userId: string; displayName: string }[],
): string {
  if (userId === me.id) return me.displayName;
  if (userId === thread.createdBy) return thread.createdByName;
  return thread.comments.find((c) => c.author === userId)?.authorName ?? people.find((p) => p.userId === userId)?.displayName ?? '';
}
