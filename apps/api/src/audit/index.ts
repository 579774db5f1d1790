export { AuditModule } from './audit.module.js';
export { type AuditAction, AuditService } from './audit.service.js';
