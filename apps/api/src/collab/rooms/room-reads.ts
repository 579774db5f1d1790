import { Logger } from '@nestjs/common';
import type * as Y from 'yjs';
import type { CollabRepository } from '../collab.repository.js';
import type { Room } from './room.js';
import { UnreadableDocumentError } from './room-state.js';

const logger = new Logger('Collab');

/**
 * Runs `fn` on what the room holds as stored (updates still pending are left out, since the store
 * may refuse them); should Yjs not read the room's merged form, on the stored log instead.
 */
export async function readStoredCopy<T>(room: Room, repository: CollabRepository, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
  try {
    return await room.state.readCommitted(fn);
  } catch (err) {
    if (!(err instanceof UnreadableDocumentError)) throw err;
    logger.warn(`report ${room.reportId}: reading the stored log instead of the room (${err.message})`);
    const doc = await repository.loadDoc(room.reportId);
    try {
      return await fn(doc);
    } finally {
      doc.destroy();
    }
  }
}
