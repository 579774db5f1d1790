import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type AddMemberInput,
  addMemberSchema,
  type CreateTeamInput,
  createTeamSchema,
  type TeamDto,
  type TeamMemberDto,
} from '@review/shared';
import { z } from 'zod';
import { AdminOnly, type AuthUser, CurrentUser } from '../common/auth-context.js';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { TeamsService } from './teams.service.js';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @AdminOnly()
  @Post()
  @ApiBody({ schema: z.toJSONSchema(createTeamSchema) as object })
  create(@Body(new ZodPipe(createTeamSchema)) body: CreateTeamInput): Promise<TeamDto> {
    return this.teams.create(body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<TeamDto[]> {
    return this.teams.listFor(user);
  }

  @Get(':id/members')
  members(@Param('id', new UuidParam('Team')) id: string, @CurrentUser() user: AuthUser): Promise<TeamMemberDto[]> {
    return this.teams.membersFor(id, user);
  }

  @AdminOnly()
  @Post(':id/members')
  @ApiBody({ schema: z.toJSONSchema(addMemberSchema) as object })
  addMember(
    @Param('id', new UuidParam('Team')) id: string,
    @Body(new ZodPipe(addMemberSchema)) body: AddMemberInput,
  ): Promise<TeamMemberDto> {
    return this.teams.addMember(id, body);
  }

  @AdminOnly()
  @Delete(':id/members/:userId')
  @HttpCode(204)
  removeMember(
    @Param('id', new UuidParam('Team')) id: string,
    @Param('userId', new UuidParam('Membership')) userId: string,
  ): Promise<void> {
    return this.teams.removeMember(id, userId);
  }
}
