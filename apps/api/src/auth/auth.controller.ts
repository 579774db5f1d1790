import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { type LoginInput, loginSchema, type MeDto } from '@review/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../common/zod.pipe.js';
import { AppConfig } from '../config/app-config.js';
import { type AuthedRequest, type AuthUser, CurrentUser, NoWriteLimit, Public } from '../common/auth-context.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './session-token.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: z.toJSONSchema(loginSchema) as object })
  async login(
    @Body(new ZodPipe(loginSchema)) body: LoginInput,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ user: MeDto }> {
    const result = await this.auth.login(body, req.ip ?? 'unknown', req.headers['user-agent']);
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      expires: result.expiresAt,
    });
    return { user: result.user };
  }

  @Post('logout')
  @HttpCode(204)
  @NoWriteLimit()
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(user.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Like /auth/me, but answers 200 with `user: null` when nobody is signed in (no 401 noise for the web app). */
  @Public()
  @Get('session')
  async session(@Req() req: AuthedRequest): Promise<{ user: MeDto | null }> {
    const cookies = req.cookies as Record<string, string> | undefined;
    const user = await this.auth.authenticate(cookies?.[SESSION_COOKIE]);
    return { user: user ? await this.auth.me(user) : null };
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }
}
