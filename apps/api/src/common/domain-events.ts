import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { NotificationDto, ThreadDto } from '@review/shared';

/**
 * What one feature tells the others that happened, as typed events on Nest's event emitter
 * (@nestjs/event-emitter). A listener subscribes with `@OnEvent(SomeEvent.event)`; no feature
 * calls into another's internals to say what it did.
 */

/** The report's workflow state, reviewer or revision changed: access in it may have changed. */
export class ReportAccessChanged {
  static readonly event = 'report.access-changed';
  constructor(readonly reportId: string) {}
}

/** Someone joined or left a team, or their role in it changed. */
export class TeamMembershipChanged {
  static readonly event = 'team.membership-changed';
  constructor(readonly teamId: string) {}
}

/** Sessions ended (sign-out, password reset, deactivation): one session, or every session of a user. */
export class SessionsRevoked {
  static readonly event = 'auth.sessions-revoked';
  constructor(readonly target: { sessionId: string } | { userId: string }) {}
}

/** Content made on the server (a restore) was stored as an update of the report's document. */
export class ReportContentReplaced {
  static readonly event = 'report.content-replaced';
  constructor(
    readonly reportId: string,
    readonly update: Uint8Array,
  ) {}
}

/** A transition or a restore is about to run: edits made until now are written to the trail first. */
export class ReportEditsClosing {
  static readonly event = 'report.edits-closing';
  constructor(readonly reportId: string) {}
}

/** A comment thread was created or changed. */
export class ThreadChanged {
  static readonly event = 'comments.thread-changed';
  constructor(
    readonly reportId: string,
    readonly thread: ThreadDto,
  ) {}
}

/** The report's versions or audit trail changed: whoever has it open refetches them. */
export class ReportActivity {
  static readonly event = 'report.activity';
  constructor(readonly reportId: string) {}
}

/** A notification for a user was stored. */
export class NotificationCreated {
  static readonly event = 'notifications.created';
  constructor(
    readonly userId: string,
    readonly notification: NotificationDto,
  ) {}
}

export type DomainEvent =
  | ReportAccessChanged
  | TeamMembershipChanged
  | SessionsRevoked
  | ReportContentReplaced
  | ReportEditsClosing
  | ThreadChanged
  | ReportActivity
  | NotificationCreated;

function nameOf(event: DomainEvent): string {
  return (event.constructor as unknown as { event: string }).event;
}

/** Publishes domain events. */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  /** Tells the listeners and goes on (what they do may finish later). */
  publish(event: DomainEvent): void {
    this.emitter.emit(nameOf(event), event);
  }

  /** Tells the listeners and waits until all of them are done. */
  async publishAndWait(event: DomainEvent): Promise<void> {
    await this.emitter.emitAsync(nameOf(event), event);
  }
}
