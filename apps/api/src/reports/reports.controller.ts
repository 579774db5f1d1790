import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type AuditEventDto,
  type AuditPageQuery,
  auditPageQuery,
  type AuditVerifyDto,
  type ListReportsQuery,
  listReportsQuery,
  type ReportDto,
  type UpdateReportInput,
  updateReportSchema,
} from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser, HeavyRead } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  list(@Query(new ZodPipe(listReportsQuery)) query: ListReportsQuery, @CurrentUser() user: AuthUser): Promise<ReportDto[]> {
    return this.reports.list(query, user);
  }

  @Get(':id')
  get(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<ReportDto> {
    return this.reports.get(id, user);
  }

  @Patch(':id')
  @ApiBody({ schema: z.toJSONSchema(updateReportSchema, { unrepresentable: 'any' }) as object })
  update(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(updateReportSchema)) body: UpdateReportInput,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.reports.update(id, body, user);
  }

  @Get(':id/audit')
  auditTrail(
    @Param('id', new UuidParam('Report')) id: string,
    @Query(new ZodPipe(auditPageQuery)) page: AuditPageQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<AuditEventDto[]> {
    return this.reports.auditTrail(id, page, user);
  }

  @Get(':id/audit/verify')
  @HeavyRead()
  verifyAudit(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<AuditVerifyDto> {
    return this.reports.verifyAudit(id, user);
  }
}
