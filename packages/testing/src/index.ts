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
