import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { AuthModule } from '../auth/index.js';
import { CollabModule } from '../collab/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { ReportsModule } from '../reports/index.js';
import { VersionsModule } from '../versions/index.js';
import { WorkflowController } from './workflow.controller.js';
import { WorkflowService } from './workflow.service.js';

/** Review transitions, the signed approval, signatures. */
@Module({
  imports: [ReportsModule, CollabModule, VersionsModule, AuditModule, AuthModule, NotificationsModule],
  controllers: [WorkflowController],
  providers: [WorkflowService],
  exports: [WorkflowService],
})
export class WorkflowModule {}
