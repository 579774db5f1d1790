import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type AuditEventDto,
  type AuditVerifyDto,
  type CreateVersionInput,
  createVersionSchema,
  type DiffDto,
  type DiffQuery,
  diffQuery,
  type ReportDto,
  type SignatureDto,
  type TransitionInput,
  transitionSchema,
  type UpdateReportInput,
  updateReportSchema,
  type VersionDetailDto,
  type VersionDto,
} from '@review/shared';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { type AuthedRequest, type AuthUser, CurrentUser } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ReportsService } from '../reports/reports.service.js';
import { WorkflowService } from './workflow.service.js';

@ApiTags('workflow')
@Controller('reports')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiBody({ schema: z.toJSONSchema(transitionSchema) as object })
  transition(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(transitionSchema)) body: TransitionInput,
    @CurrentUser() user: AuthUser,
    @Req() req: AuthedRequest,
  ): Promise<ReportDto> {
    return this.workflow.transition(id, body, user, req.ip ?? 'unknown');
  }

  @Patch(':id')
  @ApiBody({ schema: z.toJSONSchema(updateReportSchema, { unrepresentable: 'any' }) as object })
  update(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(updateReportSchema)) body: UpdateReportInput,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.workflow.update(id, body, user);
  }

  @Get(':id/versions')
  versions(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<VersionDto[]> {
    return this.workflow.versions(id, user);
  }

  @Post(':id/versions')
  @ApiBody({ schema: z.toJSONSchema(createVersionSchema) as object })
  createVersion(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(createVersionSchema)) body: CreateVersionInput,
    @CurrentUser() user: AuthUser,
  ): Promise<VersionDto> {
    return this.workflow.createVersion(id, body.label, user);
  }

  @Get(':id/versions/:vid')
  version(
    @Param('id', new UuidParam('Report')) id: string,
    @Param('vid', new UuidParam('Version')) vid: string,
    @CurrentUser() user: AuthUser,
  ): Promise<VersionDetailDto> {
    return this.workflow.version(id, vid, user);
  }

  @Post(':id/versions/:vid/restore')
  @HttpCode(200)
  restore(
    @Param('id', new UuidParam('Report')) id: string,
    @Param('vid', new UuidParam('Version')) vid: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.workflow.restore(id, vid, user);
  }

  @Get(':id/diff')
  diff(
    @Param('id', new UuidParam('Report')) id: string,
    @Query(new ZodPipe(diffQuery)) query: DiffQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<DiffDto> {
    return this.workflow.diff(id, query.from, query.to, user);
  }

  @Get(':id/signatures')
  signatures(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<SignatureDto[]> {
    return this.workflow.signatures(id, user);
  }

  @Get(':id/audit')
  async auditTrail(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<AuditEventDto[]> {
    await this.reports.findVisible(id, user);
    return this.audit.list(id);
  }

  @Get(':id/audit/verify')
  async verify(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<AuditVerifyDto> {
    await this.reports.findVisible(id, user);
    return this.audit.verify(id);
  }
}
