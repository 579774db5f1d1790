import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CollabModule } from '../collab/index.js';
import { DocumentsModule } from '../documents/index.js';
import { ReportsModule } from '../reports/index.js';
import { VersionsController } from './versions.controller.js';
import { VersionsService } from './versions.service.js';

/** Versions, the redline diff and restore. */
@Module({
  imports: [ReportsModule, CollabModule, AuditModule, DocumentsModule],
  controllers: [VersionsController],
  providers: [VersionsService],
  exports: [VersionsService],
})
export class VersionsModule {}
