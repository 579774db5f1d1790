import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { CollabSocket } from './collab.types.js';
import { InvalidMessageError } from './pipeline/update-validation.js';

/**
 * What goes wrong with a socket event closes that socket, and only that one: a malformed or
 * unwelcome message (InvalidMessageError) is logged as a warning, anything else as an error.
 * The process and every document stay intact.
 */
@Catch()
export class CollabExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('CollabGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const socket = ws.getClient<CollabSocket>();
    const event = String(ws.getPattern());
    const who = socket.data.user?.username ?? 'unknown';
    if (exception instanceof InvalidMessageError) {
      this.logger.warn(`closing socket of ${who}: ${event}: ${exception.message}`);
    } else {
      this.logger.error(`${event} from ${who} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    socket.disconnect(true);
  }
}
