import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamEntity } from '../database/entities/team.entity.js';
import { TeamMemberEntity } from '../database/entities/team-member.entity.js';
import { UserEntity } from '../database/entities/user.entity.js';
import { TeamsController } from './teams.controller.js';
import { TeamsService } from './teams.service.js';

/** Teams and memberships; tells the others when a membership changes (TeamMembershipChanged). */
@Module({
  imports: [TypeOrmModule.forFeature([TeamEntity, TeamMemberEntity, UserEntity])],
  controllers: [TeamsController],
  providers: [TeamsService],
  exports: [TeamsService],
})
export class TeamsModule {}
