import { Module } from '@nestjs/common';
import { AuditIntegrity, AuditModule } from '../audit/index.js';
import { AuthModule } from '../auth/index.js';
import { AwarenessRelay } from './awareness-relay.js';
import { CollabOutput } from './collab-output.js';
import { CollabGateway } from './collab.gateway.js';
import { CollabListeners } from './collab.listeners.js';
import { CollabRepository } from './collab.repository.js';
import { CollabService } from './collab.service.js';
import { DenialAudit } from './denial-audit.js';
import { EditSessions } from './edit-sessions.js';
import { MessageRateGuard } from './message-rate.guard.js';
import { Acknowledger } from './pipeline/acknowledge.js';
import { SocketSessions } from './pipeline/authenticate.js';
import { Broadcaster } from './pipeline/broadcast.js';
import { UpdateWriter } from './pipeline/store/update-writer.js';
import { AppConfig } from '../config/app-config.js';
import { DOCUMENT_LIMITS, type DocumentLimits, WRITE_CONDITIONS } from './pipeline/decide.js';
import { UpdatePipeline } from './pipeline/update-pipeline.js';
import { RoomMembership } from './rooms/room-membership.js';
import { RoomRegistry } from './rooms/room-registry.js';
import { RoomUpkeep } from './rooms/room-upkeep.js';

/**
 * Real-time co-editing: the Socket.IO gateway, the update pipeline, the rooms, and the Yjs log.
 * Exports only CollabService; other features talk to it through domain events.
 */
@Module({
  imports: [AuthModule, AuditModule],
  providers: [
    CollabGateway,
    CollabListeners,
    CollabService,
    CollabOutput,
    CollabRepository,
    SocketSessions,
    UpdatePipeline,
    UpdateWriter,
    Broadcaster,
    Acknowledger,
    RoomRegistry,
    RoomMembership,
    RoomUpkeep,
    AwarenessRelay,
    EditSessions,
    DenialAudit,
    MessageRateGuard,
    { provide: WRITE_CONDITIONS, useExisting: AuditIntegrity },
    {
      provide: DOCUMENT_LIMITS,
      useFactory: (config: AppConfig): DocumentLimits => ({ chars: config.documentMaxChars, bytes: config.documentMaxBytes }),
      inject: [AppConfig],
    },
  ],
  exports: [CollabService],
})
export class CollabModule {}
