import { Injectable, Logger } from '@nestjs/common';
import { encodeStep1, type JoinAck, LIMITS, mayViewReport } from '@review/shared';
import { DataSource } from 'typeorm';
import { txQuery } from '../../common/sql.js';
import { takeToken } from '../../common/token-bucket.js';
import { readAccess, readReport } from '../../reports/index.js';
import { AwarenessRelay } from '../awareness-relay.js';
import { CollabOutput } from '../collab-output.js';
import type { CollabSocket } from '../collab.types.js';
import { EditSessions } from '../edit-sessions.js';
import { newWriteStream } from '../pipeline/write-stream.js';
import { InvalidMessageError } from '../pipeline/update-validation.js';
import { isRoomName, type Room, type RoomMember, roomName } from './room.js';
import { RoomRegistry } from './room-registry.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Who is in which room with which access: joining (a member of the report's team, or an admin
 * looking in), leaving, and the access pushed to every socket the moment a report's state,
 * reviewer or team changes, on every node.
 */
@Injectable()
export class RoomMembership {
  private readonly logger = new Logger('RoomMembership');

  constructor(
    private readonly db: DataSource,
    private readonly rooms: RoomRegistry,
    private readonly awareness: AwarenessRelay,
    private readonly out: CollabOutput,
    private readonly editSessions: EditSessions,
  ) {}

  async join(socket: CollabSocket, reportId: string): Promise<JoinAck> {
    if (!UUID.test(reportId)) return { ok: false, error: 'invalid' };
    const now = Date.now();
    const joins = (socket.data.joins ??= { tokens: LIMITS.collabJoinBurst, refilledAt: now });
    if (!takeToken(joins, now, LIMITS.collabJoinBurst, LIMITS.collabJoinsPerSecond)) return { ok: false, error: 'rate_limited' };
    // Joins still loading count too, or a burst of them would all pass.
    const joined = [...socket.rooms].filter(isRoomName).length + (socket.data.joining ?? 0);
    if (!socket.rooms.has(roomName(reportId)) && joined >= LIMITS.collabRoomsPerSocket) return { ok: false, error: 'too_many_rooms' };
    socket.data.joining = (socket.data.joining ?? 0) + 1;
    try {
      return await this.enter(socket, reportId);
    } finally {
      socket.data.joining -= 1;
    }
  }

  private async enter(socket: CollabSocket, reportId: string): Promise<JoinAck> {
    const user = socket.data.user;
    const standing = await readAccess(txQuery(this.db), reportId, user.id);
    if (!standing || !mayViewReport({ id: user.id, isAdmin: user.isAdmin, role: standing.role })) return { ok: false, error: 'not_found' };

    let room: Room;
    try {
      room = await this.rooms.open(reportId);
    } catch (err) {
      this.logger.error(`loading report ${reportId} failed: ${String(err)}`);
      return { ok: false, error: 'unavailable' };
    }
    if (!socket.connected) {
      // Opened for nobody: dropped like a room whose last socket left.
      if (room.members.size === 0) this.rooms.scheduleUnload(room);
      return { ok: false, error: 'unavailable' };
    }
    clearTimeout(room.idleTimer);
    const member: RoomMember = room.members.get(socket.id) ?? {
      socketId: socket.id,
      userId: user.id,
      relation: room.relationOf(user.id, standing.role),
      clientId: undefined,
      received: 0,
      chain: Promise.resolve(),
      stream: newWriteStream(),
    };
    room.members.set(socket.id, member);
    await socket.join(room.name);

    // The server's state vector, so the client answers with whatever the server lacks.
    this.out.sync(socket, reportId, encodeStep1(room.state.stateVector()));
    this.awareness.present(socket, room);
    return { ok: true, access: room.accessOf(member), state: room.meta.state };
  }

  /** The socket's room and membership for a message about `reportId`; a socket not in it is malformed. */
  memberOf(socket: CollabSocket, reportId: string): { room: Room; member: RoomMember } {
    const room = this.rooms.get(reportId);
    const member = room?.members.get(socket.id);
    if (!room || !member) throw new InvalidMessageError(`not joined to report ${reportId.slice(0, 40)}`);
    return { room, member };
  }

  leave(socket: CollabSocket, reportId: string): void {
    const room = this.rooms.get(reportId);
    if (!room || !room.members.has(socket.id)) return;
    void socket.leave(room.name);
    this.remove(room, socket.id);
  }

  disconnected(socket: CollabSocket): void {
    for (const room of this.rooms.all()) {
      if (room.members.has(socket.id)) this.remove(room, socket.id);
    }
  }

  /** Every node re-reads the report's state and pushes `state` to its sockets. */
  async announceState(reportId: string): Promise<void> {
    this.out.toOtherNodes('collab:state', reportId);
    await this.refreshState(reportId);
  }

  /** Every node re-reads the access in its open reports of the team. */
  async announceTeam(teamId: string): Promise<void> {
    this.out.toOtherNodes('collab:team', teamId);
    await this.refreshTeam(teamId);
  }

  /**
   * The report's workflow state or parties changed: re-read them and tell every socket on this
   * node its new access. Someone no longer in the team leaves the room and is disconnected, so
   * that their client reconnects and rejoins, which is then refused (not_found) like any outsider's.
   */
  async refreshState(reportId: string): Promise<void> {
    const room = this.rooms.get(reportId);
    if (!room) return;
    const query = txQuery(this.db);
    const report = await readReport(query, reportId);
    if (!report) return;
    room.meta = report;
    for (const member of [...room.members.values()]) {
      const socket = this.out.socket(member.socketId);
      const role = (await readAccess(query, reportId, member.userId))?.role;
      if (!role && !socket?.data.user.isAdmin) {
        this.remove(room, member.socketId);
        if (socket) {
          void socket.leave(room.name);
          socket.conn.close();
        }
        continue;
      }
      member.relation = room.relationOf(member.userId, role);
      if (socket) this.out.state(socket, reportId, { state: report.state, revision: report.revision, access: room.accessOf(member) });
    }
  }

  async refreshTeam(teamId: string): Promise<void> {
    for (const room of this.rooms.all()) {
      if (room.meta.teamId === teamId) await this.refreshState(room.reportId);
    }
  }

  private remove(room: Room, socketId: string): void {
    const member = room.members.get(socketId);
    if (!member) return;
    room.members.delete(socketId);
    this.awareness.left(room, member);
    this.endEditingIfGone(room.reportId, member);
    if (room.members.size === 0) this.rooms.scheduleUnload(room);
  }

  /**
   * A user's stretch of editing ends when they leave the report (no socket of theirs is left in
   * it), so that it reaches the trail at once rather than after the idle time; once the updates
   * they sent before leaving are settled, which may still add to it.
   */
  private endEditingIfGone(reportId: string, member: RoomMember): void {
    void member.chain
      .catch(() => undefined)
      .then(async () => {
        const members = this.rooms.get(reportId)?.members.values() ?? [];
        if (![...members].some((m) => m.userId === member.userId)) await this.editSessions.closeUser(reportId, member.userId);
      });
  }
}
