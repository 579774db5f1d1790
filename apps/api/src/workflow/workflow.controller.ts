import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { type ReportDto, type SignatureDto, type TransitionInput, transitionSchema } from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { WorkflowService } from './workflow.service.js';

@ApiTags('workflow')
@Controller('reports')
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiBody({ schema: z.toJSONSchema(transitionSchema) as object })
  transition(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(transitionSchema)) body: TransitionInput,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.workflow.transition(id, body, user);
  }

  @Get(':id/signatures')
  signatures(@Param('id', new UuidParam('Report')) id: string, @CurrentUser() user: AuthUser): Promise<SignatureDto[]> {
    return this.workflow.signatures(id, user);
  }
}
