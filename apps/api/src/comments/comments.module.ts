import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CollabModule } from '../collab/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { ReportsModule } from '../reports/index.js';
import { CommentsController } from './comments.controller.js';
import { CommentsService } from './comments.service.js';

/** Comment threads anchored to text, replies, resolve and reopen, mentions. */
@Module({
  imports: [ReportsModule, CollabModule, AuditModule, NotificationsModule],
  controllers: [CommentsController],
  providers: [CommentsService],
  exports: [CommentsService],
})
export class CommentsModule {}
