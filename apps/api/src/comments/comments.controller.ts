import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type CommentBodyInput,
  commentBodySchema,
  type CommentDto,
  type CreateThreadInput,
  createThreadSchema,
  type ListThreadsQuery,
  listThreadsQuery,
  type ThreadDto,
} from '@review/shared';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { CommentsService } from './comments.service.js';

@ApiTags('comments')
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('reports/:id/threads')
  threads(
    @Param('id', new UuidParam('Report')) id: string,
    @Query(new ZodPipe(listThreadsQuery)) query: ListThreadsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<ThreadDto[]> {
    return this.comments.list(id, user, query.status);
  }

  @Post('reports/:id/threads')
  @ApiBody({ schema: z.toJSONSchema(createThreadSchema) as object })
  createThread(
    @Param('id', new UuidParam('Report')) id: string,
    @Body(new ZodPipe(createThreadSchema)) body: CreateThreadInput,
    @CurrentUser() user: AuthUser,
  ): Promise<ThreadDto> {
    return this.comments.create(id, body, user);
  }

  @Post('threads/:id/comments')
  @ApiBody({ schema: z.toJSONSchema(commentBodySchema) as object })
  reply(
    @Param('id', new UuidParam('Thread')) id: string,
    @Body(new ZodPipe(commentBodySchema)) body: CommentBodyInput,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentDto> {
    return this.comments.reply(id, body.body, user);
  }

  @Post('threads/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id', new UuidParam('Thread')) id: string, @CurrentUser() user: AuthUser): Promise<ThreadDto> {
    return this.comments.setStatus(id, 'resolved', user);
  }

  @Post('threads/:id/reopen')
  @HttpCode(200)
  reopen(@Param('id', new UuidParam('Thread')) id: string, @CurrentUser() user: AuthUser): Promise<ThreadDto> {
    return this.comments.setStatus(id, 'open', user);
  }

  @Patch('comments/:id')
  @ApiBody({ schema: z.toJSONSchema(commentBodySchema) as object })
  edit(
    @Param('id', new UuidParam('Comment')) id: string,
    @Body(new ZodPipe(commentBodySchema)) body: CommentBodyInput,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentDto> {
    return this.comments.editComment(id, body.body, user);
  }

  @Delete('comments/:id')
  remove(@Param('id', new UuidParam('Comment')) id: string, @CurrentUser() user: AuthUser): Promise<CommentDto> {
    return this.comments.deleteComment(id, user);
  }
}
