/**
 * Redline diff between two versions of a report: blocks are aligned first (Myers over whole
 * blocks), then each changed pair of blocks is diffed per character (Chinese text has no word
 * boundaries, and code points keep surrogate pairs whole).
 */
import type { DiffBlock, DiffSegment } from './api-types.js';
import type { ContentBlock } from './content.js';

type Op<T> = { op: 'equal' | 'insert' | 'delete'; items: T[] };

/** Above this many differences the middle is reported as one deletion and one insertion. */
const MAX_EDIT_DISTANCE = 4_000;

/**
 * Myers' O(ND) shortest edit script between `a` and `b`, after trimming the common prefix and
 * suffix. Returns runs of equal, deleted and inserted items in order.
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean = Object.is): Op<T>[] {
  let start = 0;
  while (start < a.length && start < b.length && eq(a[start] as T, b[start] as T)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && eq(a[endA - 1] as T, b[endB - 1] as T)) {
    endA--;
    endB--;
  }
  const out: Op<T>[] = [];
  const push = (op: Op<T>['op'], items: T[]) => {
    if (items.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.items.push(...items);
    else out.push({ op, items: [...items] });
  };
  push('equal', a.slice(0, start));
  for (const run of middle(a.slice(start, endA), b.slice(start, endB), eq)) push(run.op, run.items);
  push('equal', a.slice(endA));
  return out;
}

function middle<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): Op<T>[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [{ op: 'delete', items: a }, { op: 'insert', items: b }];
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && eq(a[x] as T, b[y] as T)) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return [{ op: 'delete', items: a }, { op: 'insert', items: b }];

  // Walk the trace back from (n, m) to (0, 0).
  const steps: { op: Op<T>['op']; item: T }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (prev[offset + k - 1] as number) < (prev[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) steps.push({ op: 'equal', item: a[--x] as T }), y--;
    if (down) steps.push({ op: 'insert', item: b[--y] as T });
    else steps.push({ op: 'delete', item: a[--x] as T });
  }
  while (x > 0 && y > 0) steps.push({ op: 'equal', item: a[--x] as T }), y--;
  steps.reverse();
  const out: Op<T>[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.op === s.op) last.items.push(s.item);
    else out.push({ op: s.op, items: [s.item] });
  }
  return out;
}

/** Character-level segments between two texts (by code point). */
export function diffText(before: string, after: string): DiffSegment[] {
  return diffSequences(Array.from(before), Array.from(after)).map((r) => ({ op: r.op, text: r.items.join('') }));
}

/** Share of characters the two texts have in common, 0 … 1. */
function similarity(segments: DiffSegment[], before: string, after: string): number {
  const total = before.length + after.length;
  if (total === 0) return 1;
  const common = segments.filter((s) => s.op === 'equal').reduce((n, s) => n + s.text.length, 0);
  return (2 * common) / total;
}

const blockKey = (b: ContentBlock) => `${b.type}\u0000${b.level ?? ''}\u0000${b.text}`;

function shape(b: ContentBlock): Pick<DiffBlock, 'type' | 'level'> {
  return b.level === undefined ? { type: b.type } : { type: b.type, level: b.level };
}

/**
 * Aligns the blocks of two versions and diffs changed blocks per character. A deleted block and
 * an inserted block at the same place become one `change` when they share enough text.
 */
export function diffBlocks(before: ContentBlock[], after: ContentBlock[]): DiffBlock[] {
  const runs = diffSequences(before, after, (x, y) => blockKey(x) === blockKey(y));
  const out: DiffBlock[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as Op<ContentBlock>;
    if (run.op === 'equal') {
      for (const b of run.items) out.push({ op: 'equal', ...shape(b), segments: [{ op: 'equal', text: b.text }] });
      continue;
    }
    if (run.op === 'insert') {
      for (const b of run.items) out.push({ op: 'insert', ...shape(b), segments: [{ op: 'insert', text: b.text }] });
      continue;
    }
    // A deletion, possibly followed by insertions at the same place: pair them up in order.
    const deleted = run.items;
    const nextRun = runs[i + 1];
    const inserted = nextRun?.op === 'insert' ? nextRun.items : [];
    if (inserted.length > 0) i++;
    let d = 0;
    let n = 0;
    while (d < deleted.length || n < inserted.length) {
      const del = deleted[d];
      const ins = inserted[n];
      if (del && ins) {
        const segments = diffText(del.text, ins.text);
        if (similarity(segments, del.text, ins.text) >= 0.3 || (deleted.length === 1 && inserted.length === 1)) {
          out.push({ op: 'change', ...shape(ins), segments });
          d++;
          n++;
          continue;
        }
      }
      // No pair: emit whichever side is further behind.
      if (del && (!ins || deleted.length - d >= inserted.length - n)) {
        out.push({ op: 'delete', ...shape(del), segments: [{ op: 'delete', text: del.text }] });
        d++;
      } else if (ins) {
        out.push({ op: 'insert', ...shape(ins), segments: [{ op: 'insert', text: ins.text }] });
        n++;
      }
    }
  }
  return out;
}
