import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, UNLIMITED_KEY } from '../common/auth-context.js';
import { AuditIntegrity } from './audit-integrity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing HTTP requests (503 `unavailable`) while the audit trail's protection is
 * broken. Reading goes on, and so do signing in and out (public and unlimited routes), so that
 * nobody is stuck; what would be recorded waits for the repair.
 */
@Injectable()
export class AuditWritesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly integrity: AuditIntegrity,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http' || !this.integrity.fault) return true;
    const req = ctx.switchToHttp().getRequest<{ method: string }>();
    if (SAFE_METHODS.has(req.method)) return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(UNLIMITED_KEY, targets)) return true;
    this.integrity.assertWritable();
    return true;
  }
}
