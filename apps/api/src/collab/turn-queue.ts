import { Logger } from '@nestjs/common';

/**
 * Work deferred to the end of this turn of the event loop, all of it in one immediate. The
 * room broadcasts and `saved` acknowledgements of a turn then reach each socket together, and
 * go out in one write (engine-writes.ts flushes a socket's packets once the callback that queued
 * them returns) instead of one write per callback.
 */
export class TurnQueue {
  private readonly logger = new Logger('TurnQueue');
  private tasks: (() => void)[] = [];

  defer(task: () => void): void {
    this.tasks.push(task);
    if (this.tasks.length === 1) setImmediate(() => this.run());
  }

  private run(): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) {
      try {
        task();
      } catch (err) {
        // One failed task must not keep the others' messages from going out.
        this.logger.error(`deferred work failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
  }
}
