import { CollabProvider } from '@review/shared';
import { closeProvider, connectCollab, connected, textOf, withTimeout } from '../../support/collab.js';

export interface SyncSample {
  /** join sent → the server's sync step 2 (the whole document) received */
  receivedMs: number;
  /** join sent → step 2 applied: the provider reports `synced` */
  syncedMs: number;
  bytes: number;
}

/** A fresh client (its own socket, already connected) opens the report; times join → synced. */
export async function freshSync(url: string, cookie: string, reportId: string, expectLength: number): Promise<SyncSample> {
  const socket = connectCollab(url, undefined, { cookie });
  await connected(socket);
  let receivedAt = 0;
  let bytes = 0;
  // onAny listeners run before the provider's own `sync` handler.
  socket.onAny((event: string, _id: unknown, payload: unknown) => {
    if (event === 'sync' && payload instanceof Uint8Array && payload[0] === 1 && receivedAt === 0) {
      receivedAt = performance.now();
      bytes = payload.byteLength;
    }
  });
  const t0 = performance.now();
  const provider = new CollabProvider(socket, reportId);
  await withTimeout(provider.whenSynced(), 60_000, 'fresh client did not sync');
  const t1 = performance.now();
  const length = textOf(provider.doc, 0).length;
  closeProvider(provider);
  provider.doc.destroy();
  if (length !== expectLength) throw new Error(`fresh client got ${length} characters, expected ${expectLength}`);
  return { receivedMs: receivedAt - t0, syncedMs: t1 - t0, bytes };
}
