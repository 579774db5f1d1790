import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type * as Y from 'yjs';
import { CollabRepository } from './collab.repository.js';
import { readStoredCopy } from './rooms/room-reads.js';
import { RoomRegistry } from './rooms/room-registry.js';

/**
 * What other features may ask of collaboration: a report's document (the freshest copy this node
 * has, or the one stored), and storing content made on the server inside their transaction.
 * What they tell it happened goes through domain events (collab.listeners.ts).
 */
@Injectable()
export class CollabService {
  constructor(
    private readonly rooms: RoomRegistry,
    private readonly repository: CollabRepository,
  ) {}

  /**
   * Runs `fn` on the document as stored, from the open room when this node has one (no query),
   * else from the database. Edits still being stored are left out: the store may refuse them.
   * `fn` must not keep the doc or change it.
   */
  async withDocument<T>(reportId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = this.rooms.get(reportId);
    return room ? readStoredCopy(room, this.repository, fn) : this.withStoredDocument(reportId, fn);
  }

  /** How far the stored log goes: the same position always means the same content (for caching what is read from it). */
  storedPosition(reportId: string): Promise<number> {
    return this.repository.storedPosition(reportId);
  }

  /** The document as stored, encoded (snapshot + every committed update), with its position. */
  async storedUpdates(reportId: string): Promise<{ updates: Uint8Array[]; position: number }> {
    const state = await this.repository.loadState(reportId);
    return { updates: state.updates, position: state.lastSeq };
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
