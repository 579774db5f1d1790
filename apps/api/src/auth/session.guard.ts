import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthenticated } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { ADMIN_KEY, type AuthedRequest, HEAVY_READ_KEY, PUBLIC_KEY, UNLIMITED_KEY } from '../common/auth-context.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './session-token.js';
import { HeavyReadRateLimit, WriteRateLimit } from './user-rate-limit.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs on every HTTP route: refuses state-changing requests from origins not on the allow-list,
 * resolves the session cookie, enforces @AdminOnly, and limits each user's state-changing
 * requests (WriteRateLimit) and heavy reads (@HeavyRead, HeavyReadRateLimit). As a global guard it also sees socket events, and lets them through.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly writeRate: WriteRateLimit,
    private readonly heavyReadRate: HeavyReadRateLimit,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated at their handshake (collab's SocketSessions), not per event.
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const origin = req.headers.origin;
    if (!SAFE_METHODS.has(req.method) && origin && !this.config.isAllowedOrigin(origin)) {
      throw forbidden('This origin may not call the API');
    }
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const cookies = req.cookies as Record<string, string> | undefined;
    const user = await this.auth.authenticate(cookies?.[SESSION_COOKIE]);
    if (!user) throw unauthenticated();
    req.user = user;

    if (this.reflector.getAllAndOverride<boolean>(ADMIN_KEY, targets) && !user.isAdmin) {
      throw forbidden('Only administrators may do this');
    }
    if (!SAFE_METHODS.has(req.method) && !this.reflector.getAllAndOverride<boolean>(UNLIMITED_KEY, targets)) {
      this.writeRate.take(user.id, user.username);
    } else if (this.reflector.getAllAndOverride<boolean>(HEAVY_READ_KEY, targets)) {
      this.heavyReadRate.take(user.id, user.username);
    }
    return true;
  }
}
