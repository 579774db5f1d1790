import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/index.js';
import { ReportEntity } from '../database/entities/report.entity.js';
import { TeamsModule } from '../teams/index.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Reports as rows: listing, visibility, title and reviewer, a report's audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportEntity]), TeamsModule, AuditModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
