import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  canonicalContent,
  COLLAB_NAMESPACE,
  CollabProvider,
  type CollabSocket,
  FRAGMENT,
  type JoinAck,
} from '@review/shared';
import { io } from 'socket.io-client';
import * as Y from 'yjs';
import type { ApiClient } from './http.js';
import { repoRoot } from './server.js';

/** A Socket.IO client of /collab, signed in with the ApiClient's session cookie. */
export function connectCollab(
  baseUrl: string,
  client: ApiClient | undefined,
  headers: Record<string, string> = {},
  options: { reconnection?: boolean } = {},
): CollabSocket {
  const extraHeaders: Record<string, string> = { ...headers };
  if (client?.cookie) extraHeaders.cookie = client.cookie;
  return io(`${baseUrl}${COLLAB_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

export async function openProvider(baseUrl: string, client: ApiClient, reportId: string): Promise<CollabProvider> {
  const provider = new CollabProvider(connectCollab(baseUrl, client), reportId);
  await withTimeout(provider.whenSynced(), 10_000, `provider for ${reportId} did not sync`);
  return provider;
}

export function closeProvider(provider: CollabProvider): void {
  provider.destroy();
  provider.socket.disconnect();
}

export function join(socket: CollabSocket, reportId: string): Promise<JoinAck> {
  return withTimeout(
    new Promise<JoinAck>((resolve) => socket.emit('join', { reportId }, resolve)),
    10_000,
    'join was not acknowledged',
  );
}

export function connected(socket: CollabSocket): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      if (socket.connected) return resolve();
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }),
    10_000,
    'socket did not connect',
  );
}

export function disconnected(socket: CollabSocket, ms = 5_000): Promise<string> {
  return withTimeout(
    new Promise<string>((resolve) => {
      if (!socket.connected) return resolve('already');
      socket.once('disconnect', (reason) => resolve(reason));
    }),
    ms,
    'socket was not disconnected',
  );
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function eventually(check: () => boolean | Promise<boolean>, ms: number, message: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The paragraph text holder a test types into, created on first use. */
export function textOf(doc: Y.Doc, index = 0): Y.XmlText {
  const fragment = doc.getXmlFragment(FRAGMENT);
  const para = fragment.get(index);
  if (!(para instanceof Y.XmlElement)) throw new Error(`no paragraph ${index}`);
  const text = para.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} holds no text`);
  return text;
}

export function addParagraph(doc: Y.Doc, text = ''): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  doc.getXmlFragment(FRAGMENT).push([p]);
  if (text) t.insert(0, text);
  return t;
}

export const canonical = (doc: Y.Doc) => canonicalContent(doc);

export interface TracePatch {
  position: number;
  deleteCount: number;
  insert: string;
}

/** Patches of a sequential editing trace from test/fixtures/editing-traces, in order. */
export function loadTrace(name: 'automerge-paper' | 'friendsforever_flat'): { patches: TracePatch[]; endContent: string } {
  const file = path.join(repoRoot, 'test', 'fixtures', 'editing-traces', `${name}.json.gz`);
  const data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    endContent: string;
    txns: { patches: [number, number, string][] }[];
  };
  const patches: TracePatch[] = [];
  for (const txn of data.txns) {
    for (const [position, deleteCount, insert] of txn.patches) patches.push({ position, deleteCount, insert });
  }
  return { patches, endContent: data.endContent };
}

/** A client that appends numbered markers to its own paragraph and tracks which were acknowledged. */
export interface MarkerWriter {
  provider: CollabProvider;
  paragraph: number;
  typed: string[];
  /** How many of `typed` the server confirmed as stored (in the join they were sent in). */
  acked: number;
  sentAs: { epoch: number; n: number }[];
}

export function markerWriter(provider: CollabProvider, paragraph: number): MarkerWriter {
  const w: MarkerWriter = { provider, paragraph, typed: [], acked: 0, sentAs: [] };
  provider.subscribe(() => {
    const { epoch, acked } = provider.progress;
    while (w.acked < w.sentAs.length) {
      const s = w.sentAs[w.acked];
      if (!s || s.epoch !== epoch || s.n > acked) break;
      w.acked += 1;
    }
  });
  return w;
}

/** Types markers every 10–40 ms on every writer until `stop()`; resolves when all loops ended. */
export function typeMarkers(writers: MarkerWriter[]): { stop(): Promise<void> } {
  let typing = true;
  const loops = writers.map(async (w) => {
    while (typing) {
      const marker = `<${w.paragraph}.${w.typed.length}>`;
      w.typed.push(marker);
      const text = textOf(w.provider.doc, w.paragraph);
      text.insert(text.length, marker);
      const { epoch, sent } = w.provider.progress;
      w.sentAs.push({ epoch, n: sent });
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 30));
    }
  });
  return {
    async stop() {
      typing = false;
      await Promise.all(loops);
    },
  };
}
