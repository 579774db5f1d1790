import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { takeToken } from '../common/token-bucket.js';
import type { CollabSocket } from './collab.types.js';
import { InvalidMessageError } from './pipeline/update-validation.js';

/**
 * Per socket, a burst of LIMITS.collabBurstMessages events refilled at
 * LIMITS.collabMessagesPerSecond; beyond it the socket is closed (the exception filter does it).
 */
@Injectable()
export class MessageRateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const ws = context.switchToWs();
    const socket = ws.getClient<CollabSocket>();
    if (!takeToken(socket.data, Date.now(), LIMITS.collabBurstMessages, LIMITS.collabMessagesPerSecond)) {
      throw new InvalidMessageError('rate limit exceeded');
    }
    return true;
  }
}
