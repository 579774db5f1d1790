import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type CreateVersionInput,
  createVersionSchema,
  type DiffQuery,
  diffQuery,
  type ReportDto,
  type VersionDetailDto,
  type VersionDto,
} from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser, HeavyRead } from '../common/auth-context.js';
import { jsonFile } from '../common/json-file.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { VersionsService } from './versions.service.js';

@ApiTags('versions')
@Controller('reports')
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  @Get(':id/versions')
  list(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<VersionDto[]> {
    return this.versions.list(id, user);
  }

  @Post(':id/versions')
  @ApiBody({ schema: z.toJSONSchema(createVersionSchema) as object })
  create(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(createVersionSchema)) body: CreateVersionInput,
    @CurrentUser() user: AuthUser,
  ): Promise<VersionDto> {
    return this.versions.create(id, body.label, user);
  }

  @Get(':id/versions/:vid')
  @HeavyRead()
  get(
    @Param('id', new UuidParam('Report')) id: string,
    @Param('vid', new UuidParam('Version')) vid: string,
    @CurrentUser() user: AuthUser,
  ): Promise<VersionDetailDto> {
    return this.versions.get(id, vid, user);
  }

  @Post(':id/versions/:vid/restore')
  @HttpCode(200)
  restore(
    @Param('id', new UuidParam('Report')) id: string,
    @Param('vid', new UuidParam('Version')) vid: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.versions.restore(id, vid, user);
  }

  /** A DiffDto; its JSON is made on a worker thread and sent as it is. */
  @Get(':id/diff')
  @HeavyRead()
  @ApiProduces('application/json')
  async diff(
    @Param('id', new UuidParam('Report')) id: string,
    @Query(new ZodPipe(diffQuery)) query: DiffQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    return jsonFile(await this.versions.diff(id, query.from, query.to, user));
  }
}
