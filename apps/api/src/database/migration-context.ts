import type { AuditSigner } from '../common/audit-signer.js';

/** What migrations need beyond SQL, set by openDatabase before they run. */
export const migrationContext: { auditSigner?: AuditSigner } = {};
