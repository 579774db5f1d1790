import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type * as Y from 'yjs';
import { CollabRepository } from './collab.repository.js';
import { RoomRegistry } from './rooms/room-registry.js';
import { UnreadableDocumentError } from './rooms/room-state.js';

/**
 * What other features may ask of collaboration: a report's document (the freshest copy this node
 * has, or the one stored), and storing content made on the server inside their transaction.
 * What they tell it happened goes through domain events (collab.listeners.ts).
 */
@Injectable()
export class CollabService {
  private readonly logger = new Logger('Collab');

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly repository: CollabRepository,
  ) {}

  /**
   * Runs `fn` on the freshest copy of the document this node has: the open room (with the edits
   * still being stored), else the stored document. `fn` must not keep the doc or change it.
   */
  async withDocument<T>(reportId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = this.rooms.get(reportId);
    if (!room) return this.withStoredDocument(reportId, fn);
    try {
      return await room.state.read(fn);
    } catch (err) {
      if (!(err instanceof UnreadableDocumentError)) throw err;
      this.logger.warn(`report ${reportId}: reading the stored log instead of the room (${err.message})`);
      return this.withStoredDocument(reportId, fn);
    }
  }

  /** Runs `fn` on the document as stored (snapshot + every committed update), in `manager`'s transaction if given. */
  async withStoredDocument<T>(reportId: string, fn: (doc: Y.Doc) => T | Promise<T>, manager?: EntityManager): Promise<T> {
    const doc = await this.repository.loadDoc(reportId, manager);
    try {
      return await fn(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Stores content made on the server (a template, an import, a restore) as one update by `userId`,
   * inside the caller's transaction. Open copies learn of it through ReportContentReplaced.
   */
  storeServerUpdate(tx: EntityManager, reportId: string, userId: string, update: Uint8Array): Promise<void> {
    return this.repository.appendServerUpdate(tx, reportId, userId, update);
  }
}
