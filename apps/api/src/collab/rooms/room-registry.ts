import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { txQuery } from '../../common/sql.js';
import { AppConfig } from '../../config/app-config.js';
import { readReport } from '../../reports/index.js';
import { CollabRepository } from '../collab.repository.js';
import { EditSessions } from '../edit-sessions.js';
import { Broadcaster } from '../pipeline/broadcast.js';
import { Room } from './room.js';
import { RoomUpkeep } from './room-upkeep.js';
import { SeenUpdates } from './seen-updates.js';

/**
 * The open reports of this node. Loading is single-flight (concurrent joins share one load) and
 * a failed load leaves no room behind; a room whose last socket left is dropped after
 * COLLAB_IDLE_MS. Updates stored by other nodes join the room as they arrive, and a catch-up from
 * the log brings in any that a node-to-node message missed.
 */
@Injectable()
export class RoomRegistry {
  private readonly logger = new Logger('Rooms');
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  /** Updates from other nodes that arrive while a room is loading, applied once it is. */
  private readonly loadBuffers = new Map<string, Uint8Array[]>();

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly repository: CollabRepository,
    private readonly broadcaster: Broadcaster,
    private readonly upkeep: RoomUpkeep,
    private readonly editSessions: EditSessions,
  ) {}

  get(reportId: string): Room | undefined {
    return this.rooms.get(reportId);
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** The open room of the report, loading it if needed. */
  open(reportId: string): Promise<Room> {
    const open = this.rooms.get(reportId);
    if (open) return Promise.resolve(open);
    let pending = this.loading.get(reportId);
    if (!pending) {
      pending = this.load(reportId).finally(() => this.loading.delete(reportId));
      this.loading.set(reportId, pending);
    }
    return pending;
  }

  /** Updates another node (or this one, for server-made content) stored for the report. */
  remoteUpdates(reportId: string, updates: Uint8Array[]): void {
    const buffer = this.loadBuffers.get(reportId);
    if (buffer) buffer.push(...updates);
    const room = this.rooms.get(reportId);
    if (room) this.broadcaster.passOn(room, updates);
  }

  /**
   * Multi-node safety net: applies whatever the database holds beyond each room's last known
   * seq. Node-to-node messages can be missed (a node starting up, a Redis hiccup); the log
   * cannot, so every room converges to the stored truth within one catch-up interval.
   */
  async catchUp(): Promise<void> {
    const rooms = this.all();
    const rows = await this.repository.updatesAfter(rooms.map((r) => ({ reportId: r.reportId, seq: r.lastSeq })));
    const missed = new Map<Room, Uint8Array[]>();
    for (const row of rows) {
      const room = this.rooms.get(row.reportId);
      if (!room) continue;
      room.lastSeq = Math.max(room.lastSeq, row.seq);
      if (room.seen?.take(row.data)) continue;
      missed.set(room, [...(missed.get(room) ?? []), row.data]);
    }
    for (const [room, updates] of missed) this.broadcaster.passOn(room, updates);
  }

  /** The room has no sockets left: dropped after the grace period, unless someone comes back. */
  scheduleUnload(room: Room): void {
    clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      if (room.members.size > 0) return;
      if (room.inFlightWrites > 0) return this.scheduleUnload(room);
      if (this.rooms.get(room.reportId) === room) this.rooms.delete(room.reportId);
      void this.editSessions.closeReport(room.reportId);
      void this.upkeep.unloading(room).finally(() => room.destroy());
    }, this.config.collabIdleMs);
    room.idleTimer.unref();
  }

  /** Writes what rooms still owe (content hashes) and drops them (SIGTERM, after the writer stopped). */
  async shutdown(): Promise<void> {
    for (const room of this.rooms.values()) {
      if (room.hashTimer) await this.upkeep.refreshHash(room);
      room.destroy();
    }
    this.rooms.clear();
  }

  private async load(reportId: string): Promise<Room> {
    const buffer: Uint8Array[] = [];
    this.loadBuffers.set(reportId, buffer);
    try {
      const report = await readReport(txQuery(this.db), reportId);
      if (!report) throw new Error('report vanished while loading');
      const state = await this.repository.loadState(reportId);
      const room = new Room(reportId, report, [...state.updates, ...buffer]);
      if (this.config.redisUrl !== undefined) {
        room.seen = new SeenUpdates();
        for (const u of buffer) room.seen.add(u);
      }
      room.lastSeq = state.lastSeq;
      room.tailCount = state.tailCount;
      room.tailBytes = state.tailBytes;
      this.rooms.set(reportId, room);
      return room;
    } finally {
      this.loadBuffers.delete(reportId);
    }
  }
}
