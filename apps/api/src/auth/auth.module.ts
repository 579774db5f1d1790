import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionEntity } from '../database/entities/session.entity.js';
import { TeamMemberEntity } from '../database/entities/team-member.entity.js';
import { UserEntity } from '../database/entities/user.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { SessionGuard } from './session.guard.js';
import { HeavyReadRateLimit, WriteRateLimit } from './user-rate-limit.js';

/**
 * Sign-in, sessions and passwords. Its guard runs on every HTTP route: the session cookie,
 * admin-only routes, the allowed origins and the per-user write limit.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity, TeamMemberEntity])],
  controllers: [AuthController],
  providers: [AuthService, PasswordService, LoginThrottle, WriteRateLimit, HeavyReadRateLimit, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [AuthService],
})
export class AuthModule {}
