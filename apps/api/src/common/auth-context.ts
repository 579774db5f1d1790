import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { unauthenticated } from './app-error.js';

/** The signed-in user of a request or socket, and the session that signed them in. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  sessionId: string;
  /** When the session ends (ms since the epoch): a socket is closed then. */
  sessionExpiresAt: number;
}

export interface AuthedRequest extends Request {
  user?: AuthUser;
}

export const PUBLIC_KEY = 'review:public';
export const ADMIN_KEY = 'review:admin';
export const UNLIMITED_KEY = 'review:unlimited';
export const HEAVY_READ_KEY = 'review:heavy-read';

/** The route needs no session. Marked in the OpenAPI document so tests can list every guarded route. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/** The route is for global admins only (others get 403). */
export const AdminOnly = () => applyDecorators(SetMetadata(ADMIN_KEY, true), ApiExtension('x-admin-only', true));

/**
 * A read that costs real work or is audited (content, checks, export, diff): limited per user
 * (HeavyReadRateLimit, 429 with Retry-After). Marked in the OpenAPI document.
 */
export const HeavyRead = () => applyDecorators(SetMetadata(HEAVY_READ_KEY, true), ApiExtension('x-heavy-read', true));

/** A state-changing route outside the per-user write limit (signing out must always work). */
export const NoWriteLimit = () => SetMetadata(UNLIMITED_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw unauthenticated();
  return user;
});
