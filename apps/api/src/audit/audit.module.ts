import { Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** The hash-chained audit trail: every feature appends to it; the reports feature shows and verifies it. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
