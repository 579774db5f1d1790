import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditKeysDto } from '@review/shared';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The public keys that check the anchors printed on sign-off pages and shown with signatures. */
  @Get('keys')
  keys(): AuditKeysDto {
    return this.audit.keys();
  }
}
