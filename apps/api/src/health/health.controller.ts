import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditIntegrity } from '../audit/index.js';
import { AppError } from '../common/app-error.js';
import { Public } from '../common/auth-context.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly integrity: AuditIntegrity,
  ) {}

  /** 200 while the database answers and the audit trail is protected; 503 otherwise, saying which. */
  @Public()
  @Get()
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new AppError('internal_error', 503, 'The database does not answer');
    }
    const fault = this.integrity.fault;
    if (fault) throw new AppError('unavailable', 503, `The audit trail is not protected (${fault}); writes are refused`);
    return { status: 'ok' };
  }
}
