import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type CreateUserInput,
  createUserSchema,
  type UpdateUserInput,
  type UserDto,
  updateUserSchema,
} from '@review/shared';
import { z } from 'zod';
import { AdminOnly, type AuthUser, CurrentUser } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@AdminOnly()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiBody({ schema: z.toJSONSchema(createUserSchema) as object })
  create(@Body(new ZodPipe(createUserSchema)) body: CreateUserInput): Promise<UserDto> {
    return this.users.create(body);
  }

  @Get()
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Patch(':id')
  @ApiBody({ schema: z.toJSONSchema(updateUserSchema) as object })
  update(
    @Param('id', new UuidParam('User')) id: string,
    @Body(new ZodPipe(updateUserSchema)) body: UpdateUserInput,
    @CurrentUser() me: AuthUser,
  ): Promise<UserDto> {
    return this.users.update(id, body, me.id);
  }
}
