import { Injectable, Logger } from '@nestjs/common';
import { contentHash } from '@review/shared';
import { CollabRepository } from '../collab.repository.js';
import type { Room } from './room.js';
import { readStoredCopy } from './room-reads.js';

export const COMPACT_AFTER_UPDATES = 500;
export const COMPACT_AFTER_BYTES = 1024 * 1024;
/** A room unloading with at least this many updates after the snapshot folds them in first. */
export const COMPACT_ON_UNLOAD_AFTER = 20;
/** The report's stored content hash is recomputed this long after the last stored edit… */
const HASH_SETTLE_MS = 500;
/** …or after this long, while edits keep coming. */
const HASH_MAX_WAIT_MS = 5_000;

/**
 * What follows stored edits in a room: the report's content hash follows the text, and the log
 * is folded into a snapshot when its tail grows (and when an edited room unloads).
 */
@Injectable()
export class RoomUpkeep {
  private readonly logger = new Logger('RoomUpkeep');

  constructor(private readonly repository: CollabRepository) {}

  /** An update of `bytes` was stored in the room. */
  stored(room: Room, bytes: number): void {
    room.tailCount += 1;
    room.tailBytes += bytes;
    // The stored content hash follows the text HASH_SETTLE_MS after the last stored edit, and at
    // least every HASH_MAX_WAIT_MS while people keep typing.
    const now = Date.now();
    if (!room.hashTimer) {
      room.hashDueBy = now + HASH_MAX_WAIT_MS;
      room.hashTimer = setTimeout(() => {
        room.hashTimer = undefined;
        void this.refreshHash(room);
      }, HASH_SETTLE_MS);
      room.hashTimer.unref();
    } else if (now + HASH_SETTLE_MS < room.hashDueBy) {
      room.hashTimer.refresh();
    }
    if (!room.compacting && (room.tailCount >= COMPACT_AFTER_UPDATES || room.tailBytes >= COMPACT_AFTER_BYTES)) {
      room.compacting = true;
      room.tailCount = 0;
      room.tailBytes = 0;
      this.repository
        .compact(room.reportId)
        .catch((err: unknown) => this.logger.error(`compacting ${room.reportId} failed: ${String(err)}`))
        .finally(() => (room.compacting = false));
    }
  }

  /** Before a room is dropped: a pending hash refresh runs, a long tail is compacted. */
  async unloading(room: Room): Promise<void> {
    if (room.tailCount >= COMPACT_ON_UNLOAD_AFTER && !room.compacting) {
      // The next load reads one snapshot instead of replaying the tail.
      this.repository.compact(room.reportId).catch((err: unknown) => this.logger.warn(`compacting ${room.reportId} failed: ${String(err)}`));
    }
    if (room.hashTimer) await this.refreshHash(room);
  }

  async refreshHash(room: Room): Promise<void> {
    try {
      clearTimeout(room.hashTimer);
      room.hashTimer = undefined;
      await this.repository.updateContentHash(room.reportId, await readStoredCopy(room, this.repository, contentHash));
    } catch (err) {
      this.logger.warn(`updating the content hash of ${room.reportId} failed: ${String(err)}`);
    }
  }
}
