import { Body, Controller, Get, Param, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type CreateReportInput,
  createReportSchema,
  type ImportedReportDto,
  type ImportReportInput,
  importReportSchema,
  LIMITS,
  type ReportDto,
} from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser, HeavyRead } from '../common/auth-context.js';
import { jsonFile } from '../common/json-file.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ContentService } from './content.service.js';
import { DOCX_MIME } from '../documents/index.js';
import { contentDisposition, ReportExportService } from './report-export.service.js';
import type { UploadedReportFile } from './report-file.js';
import { ReportImportService } from './report-import.service.js';
import { UploadErrorsInterceptor } from './upload-errors.interceptor.js';

const importBody = {
  type: 'object',
  required: ['file', 'teamId'],
  properties: {
    ...(z.toJSONSchema(importReportSchema, { io: 'input', unrepresentable: 'any' }) as { properties: object }).properties,
    file: { type: 'string', format: 'binary', description: '.txt, .md or .docx' },
  },
};

@ApiTags('content')
@Controller('reports')
export class ContentController {
  constructor(
    private readonly content: ContentService,
    private readonly imports: ReportImportService,
    private readonly exports: ReportExportService,
  ) {}

  @Post()
  @ApiBody({ schema: z.toJSONSchema(createReportSchema) as object })
  create(@Body(new ZodPipe(createReportSchema)) body: CreateReportInput, @CurrentUser() user: AuthUser): Promise<ReportDto> {
    return this.content.create(body, user);
  }

  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: importBody })
  @UseInterceptors(
    UploadErrorsInterceptor,
    FileInterceptor('file', {
      limits: { fileSize: LIMITS.importFileBytes, files: 1, fields: 10, fieldSize: 4096 },
      defParamCharset: 'utf8',
    }),
  )
  import(
    @Body(new ZodPipe(importReportSchema)) body: ImportReportInput,
    @UploadedFile() file: UploadedReportFile | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<ImportedReportDto> {
    return this.imports.import(body, file, user);
  }

  /** A ReportContentDto; the JSON is made on a worker thread and sent as it is. */
  @Get(':id/content')
  @HeavyRead()
  @ApiProduces('application/json')
  async contentOf(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return jsonFile(await this.content.content(id, user));
  }

  /** A ReportChecksDto, likewise. */
  @Get(':id/checks')
  @HeavyRead()
  @ApiProduces('application/json')
  async checks(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return jsonFile(await this.content.checks(id, user));
  }

  @Get(':id/export.docx')
  @HeavyRead()
  @ApiProduces(DOCX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async export(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const { file, fileName } = await this.exports.export(id, user);
    return new StreamableFile(file, { type: DOCX_MIME, disposition: contentDisposition(fileName), length: file.length });
  }
}
