import { Injectable } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { rateLimited } from '../common/app-error.js';

/**
 * Reading an upload costs memory and CPU (a .docx may unpack to 32 MiB): each user gets
 * LIMITS.importsAtOncePerUser imports at once, the node LIMITS.importsAtOncePerNode; beyond, 429.
 */
@Injectable()
export class ImportSlots {
  private readonly perUser = new Map<string, number>();
  private total = 0;

  async run<T>(userId: string, read: () => Promise<T>): Promise<T> {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= LIMITS.importsAtOncePerUser || this.total >= LIMITS.importsAtOncePerNode) {
      throw rateLimited(1, 'Too many imports at once');
    }
    this.perUser.set(userId, mine + 1);
    this.total += 1;
    try {
      return await read();
    } finally {
      this.total -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    }
  }
}
