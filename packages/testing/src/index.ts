/**
 * Hostile y-protocols messages for fuzzing the server's decoders: valid sync and awareness
 * messages (seeds) and the ways to break them (truncated varints, huge declared lengths,
 * run-length bombs, random bytes, bit flips, wrong types), from a seeded generator so that a
 * failure can be replayed. Used by the unit spec of the validate stage (in process) and by the
 * live fuzzing in test/reliability.
 */
import { encodeStep1, encodeStep2, encodeUpdate, FRAGMENT } from '@review/shared';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';

/** Deterministic pseudo-random numbers, so that a failure can be replayed from its seed. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Valid messages to mutate: updates with text, formatting, elements and deletions, step 1, awareness. */
export function seeds(): { sync: Uint8Array[]; awareness: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const paragraph = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  paragraph.insert(0, [t]);
  doc.getXmlFragment(FRAGMENT).push([paragraph]);
  t.insert(0, '一是理论学习不够深入。');
  t.insert(2, '系统', { bold: {} }); // mark attributes as y-prosemirror writes them
  t.delete(0, 1);
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 1 as unknown as string); // a number, as y-prosemirror writes it
  doc.getXmlFragment('default').insert(0, [heading]);
  const sync = [
    ...updates.map((u) => encodeUpdate(u)),
    encodeStep2(Y.encodeStateAsUpdate(doc)),
    encodeStep1(Y.encodeStateVector(doc)),
    encodeStep1(new Uint8Array([0])),
  ];
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: 'x' }, cursor: { anchor: 'AAE=', head: 'AAE=' } });
  const aw = [encodeAwarenessUpdate(awareness, [doc.clientID])];
  awareness.destroy();
  return { sync, awareness: aw };
}

export type Mutator = (base: Uint8Array, r: () => number) => Uint8Array;

export const MUTATORS: [string, Mutator][] = [
  ['random bytes', (_b, r) => Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))],
  ['truncated', (b, r) => b.subarray(0, Math.floor(r() * b.length))],
  ['bit flips', (b, r) => {
    const c = Uint8Array.from(b);
    for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
      const at = Math.floor(r() * c.length);
      c[at] = (c[at] ?? 0) ^ (1 << Math.floor(r() * 8));
    }
    return c;
  }],
  ['huge declared length', (b, r) => Uint8Array.from([b[0] ?? 2, ...varUint(2 ** (20 + Math.floor(r() * 30))), ...b.subarray(2, 12)])],
  ['unterminated varint', (b, r) => Uint8Array.from([b[0] ?? 2, ...Array.from({ length: 1 + Math.floor(r() * 12) }, () => 0xff)])],
  // An update whose struct or delete counts claim far more than the message holds.
  ['run-length bomb', (_b, r) =>
    encodeUpdate(
      Uint8Array.from(
        r() < 0.5
          ? [...varUint(1), ...varUint(2 ** 30), ...varUint(12345), ...varUint(0), 4, 1, 0x41]
          : [0, ...varUint(1), ...varUint(777), ...varUint(2 ** 28), ...varUint(0), ...varUint(2 ** 40)],
      ),
    )],
  ['spliced', (b, r) => {
    const at = Math.floor(r() * b.length);
    return Uint8Array.from([...b.subarray(0, at), ...Array.from({ length: Math.floor(r() * 8) }, () => Math.floor(r() * 256)), ...b.subarray(at)]);
  }],
  ['empty', () => new Uint8Array()],
];

export function mutate(pool: Uint8Array[], r: () => number): { kind: string; bytes: Uint8Array } {
  const [kind, m] = MUTATORS[Math.floor(r() * MUTATORS.length)] as [string, Mutator];
  const base = pool[Math.floor(r() * pool.length)] as Uint8Array;
  return { kind, bytes: m(base, r) };
}

export const WRONG_TYPES: unknown[] = ['text', 42, null, { length: 1e9 }, [1, 2, 3], true];

/** One edit of a ClashingWriters writer: the update its document made. */
export interface ClashingEdit {
  writer: number;
  /** The Yjs client id it wrote under (shared with other writers). */
  client: number;
  update: Uint8Array;
}

/**
 * Writers of a report that share Yjs client ids, as an attacker reusing someone else's id (or two
 * tabs restored from one snapshot) would: each edits its own copy (paragraphs, text, deletions,
 * bold) and is given what the server sent it. Their updates hold different items under the same
 * ids, left and right neighbours that contradict each other, and re-sends: the input that once
 * made a room's compacted form differ from a replay of its log. Seeded, so a failure replays.
 */
export class ClashingWriters {
  readonly docs: Y.Doc[] = [];
  readonly r: () => number;

  constructor(seed: number, { writers = 4, ids = 2 }: { writers?: number; ids?: number } = {}) {
    this.r = rng(seed);
    const shared = Array.from({ length: ids }, (_, i) => 1000 + i);
    for (let i = 0; i < writers; i++) {
      const doc = new Y.Doc();
      doc.clientID = shared[i % ids] as number;
      this.docs.push(doc);
    }
  }

  /** Gives a writer an update from the server; the writer keeps its (clashing) client id. */
  receive(writer: number, update: Uint8Array): void {
    const doc = this.docs[writer] as Y.Doc;
    const id = doc.clientID;
    // Yjs picks a new id when it sees its own used by another: this writer does not (under another
    // id while it applies, Yjs does not notice).
    doc.clientID = 0x3fff_0000 + writer;
    try {
      Y.applyUpdate(doc, update, 'server');
    } catch {
      // A copy already corrupted by a clash: it goes on editing what it has.
    }
    doc.clientID = id;
  }

  /** A writer starts over (after the server refused it): a fresh copy, under the same client id. */
  reset(writer: number): void {
    const old = this.docs[writer] as Y.Doc;
    const doc = new Y.Doc();
    doc.clientID = old.clientID;
    old.destroy();
    this.docs[writer] = doc;
  }

  /** A random edit of a writer (random unless given; when it changes nothing, none is returned). */
  edit(writer = Math.floor(this.r() * this.docs.length)): ClashingEdit | undefined {
    const doc = this.docs[writer] as Y.Doc;
    const updates: Uint8Array[] = [];
    const take = (u: Uint8Array) => updates.push(u);
    doc.on('update', take);
    try {
      this.change(doc);
    } catch {
      // Yjs refusing an edit of a corrupted copy: nothing to send.
    } finally {
      doc.off('update', take);
    }
    if (updates.length === 0) return undefined;
    return { writer, client: doc.clientID, update: updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates) };
  }

  private change(doc: Y.Doc): void {
    const r = this.r;
    const fragment = doc.getXmlFragment(FRAGMENT);
    const texts = fragment
      .toArray()
      .map((p) => (p instanceof Y.XmlElement ? p.get(0) : undefined))
      .filter((t): t is Y.XmlText => t instanceof Y.XmlText);
    const choice = r();
    const text = texts[Math.floor(r() * texts.length)];
    if (!text || choice < 0.15) {
      const p = new Y.XmlElement(r() < 0.2 ? 'heading' : 'paragraph');
      if (p.nodeName === 'heading') p.setAttribute('level', (1 + Math.floor(r() * 3)) as unknown as string);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      doc.transact(() => {
        fragment.insert(Math.floor(r() * (fragment.length + 1)), [p]);
        t.insert(0, '一是学习');
      });
    } else if (choice < 0.6) {
      const words = ['理论', '不够', '深入，', '整改', '落实。', 'ab', '了'];
      text.insert(Math.floor(r() * (text.length + 1)), words[Math.floor(r() * words.length)] as string);
    } else if (choice < 0.8 && text.length > 0) {
      const at = Math.floor(r() * text.length);
      text.delete(at, 1 + Math.floor(r() * Math.min(4, text.length - at)));
    } else if (choice < 0.9 && text.length > 1) {
      const at = Math.floor(r() * (text.length - 1));
      text.format(at, 1 + Math.floor(r() * (text.length - at - 1)), { bold: {} });
    } else if (fragment.length > 1) {
      fragment.delete(Math.floor(r() * fragment.length), 1);
    }
  }
}
