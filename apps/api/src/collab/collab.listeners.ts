import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  NotificationCreated,
  ReportAccessChanged,
  ReportActivity,
  ReportContentReplaced,
  ReportEditsClosing,
  SessionsRevoked,
  TeamMembershipChanged,
  ThreadChanged,
} from '../common/domain-events.js';
import { CollabOutput } from './collab-output.js';
import { EditSessions } from './edit-sessions.js';
import { SocketSessions } from './pipeline/authenticate.js';
import { RoomMembership } from './rooms/room-membership.js';
import { RoomRegistry } from './rooms/room-registry.js';

/** What other features tell collaboration, and what it does about it on every node. */
@Injectable()
export class CollabListeners {
  constructor(
    private readonly out: CollabOutput,
    private readonly membership: RoomMembership,
    private readonly rooms: RoomRegistry,
    private readonly sessions: SocketSessions,
    private readonly editSessions: EditSessions,
  ) {}

  @OnEvent(ReportAccessChanged.event)
  async accessChanged(e: ReportAccessChanged): Promise<void> {
    if (this.out.ready) await this.membership.announceState(e.reportId);
  }

  @OnEvent(TeamMembershipChanged.event)
  async teamChanged(e: TeamMembershipChanged): Promise<void> {
    if (this.out.ready) await this.membership.announceTeam(e.teamId);
  }

  @OnEvent(SessionsRevoked.event)
  sessionsRevoked(e: SessionsRevoked): void {
    this.sessions.revoked(e.target);
  }

  /** Committed content made on the server: every node applies it to its room and passes it on. */
  @OnEvent(ReportContentReplaced.event)
  contentReplaced(e: ReportContentReplaced): void {
    this.rooms.remoteUpdates(e.reportId, [e.update]);
    this.out.toOtherNodes('collab:update', e.reportId, [e.update]);
  }

  @OnEvent(ReportEditsClosing.event)
  editsClosing(e: ReportEditsClosing): Promise<void> {
    return this.editSessions.closeReport(e.reportId);
  }

  @OnEvent(ThreadChanged.event)
  threadChanged(e: ThreadChanged): void {
    if (this.out.ready) this.out.thread(e.reportId, e.thread);
  }

  @OnEvent(ReportActivity.event)
  activity(e: ReportActivity): void {
    if (this.out.ready) this.out.activity(e.reportId);
  }

  @OnEvent(NotificationCreated.event)
  notification(e: NotificationCreated): void {
    if (this.out.ready) this.out.notification(e.userId, e.notification);
  }
}
