import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type CreateReportInput,
  createReportSchema,
  type ListReportsQuery,
  listReportsQuery,
  type ReportContentDto,
  type ReportDto,
} from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  list(
    @Query(new ZodPipe(listReportsQuery)) query: ListReportsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto[]> {
    return this.reports.list(query, user);
  }

  @Post()
  @ApiBody({ schema: z.toJSONSchema(createReportSchema) as object })
  create(@Body(new ZodPipe(createReportSchema)) body: CreateReportInput, @CurrentUser() user: AuthUser): Promise<ReportDto> {
    return this.reports.create(body, user);
  }

  @Get(':id/content')
  content(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<ReportContentDto> {
    return this.reports.content(id, user);
  }

  @Get(':id')
  get(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<ReportDto> {
    return this.reports.get(id, user);
  }
}
