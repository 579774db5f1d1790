import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { CollabModule } from '../collab/index.js';
import { DocumentsModule } from '../documents/index.js';
import { ReportsModule } from '../reports/index.js';
import { TeamsModule } from '../teams/index.js';
import { WorkflowModule } from '../workflow/index.js';
import { ContentController } from './content.controller.js';
import { ContentService } from './content.service.js';
import { ImportSlots } from './import-slots.js';
import { ReportExportService } from './report-export.service.js';
import { ReportImportService } from './report-import.service.js';
import { TemplateRegistry } from './template.registry.js';
import { TemplatesController } from './templates.controller.js';

/** What reports say: templates, new reports with content, import, the checks, the Word export. */
@Module({
  imports: [ReportsModule, CollabModule, AuditModule, TeamsModule, WorkflowModule, DocumentsModule],
  controllers: [ContentController, TemplatesController],
  providers: [ContentService, TemplateRegistry, ReportImportService, ReportExportService, ImportSlots],
  exports: [ContentService],
})
export class ContentModule {}
