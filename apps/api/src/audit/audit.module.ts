import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditSigner } from '../common/audit-signer.js';
import { AppConfig } from '../config/app-config.js';
import { AuditIntegrity } from './audit-integrity.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { AuditWritesGuard } from './writes-guard.js';

/**
 * The hash-chained audit trail: every feature appends to it; the reports feature shows and
 * verifies it. It signs each chain's head with the server's key, and watches the database's
 * append-only triggers (refusing writes while they are gone).
 */
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditIntegrity,
    {
      provide: AuditSigner,
      useFactory: (config: AppConfig) => AuditSigner.load(config.auditKeyFile, config.auditTrustedKeysFile),
      inject: [AppConfig],
    },
    { provide: APP_GUARD, useClass: AuditWritesGuard },
  ],
  exports: [AuditService, AuditIntegrity, AuditSigner],
})
export class AuditModule {}
