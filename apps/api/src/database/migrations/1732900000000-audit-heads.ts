import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationContext } from '../migration-context.js';

/**
 * The signed head of each report's audit chain (event count, last hash, Ed25519 signature by the
 * server's key, which is not in the database): a chain rewritten and re-hashed, or cut short, no
 * longer ends where the server signed it. Each approval also keeps the head its approve event
 * made (its anchor), which the sign-off page prints. The chains that exist are signed once,
 * here, as they stand; from then on the head moves only with the server's signature.
 */
export class AuditHeads1732900000000 implements MigrationInterface {
  name = 'AuditHeads1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_heads (
        report_id uuid PRIMARY KEY REFERENCES reports(id),
        events integer NOT NULL,
        head_hash text NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE signatures
        ADD COLUMN anchor_events integer,
        ADD COLUMN anchor_head_hash text,
        ADD COLUMN anchor_key_id text,
        ADD COLUMN anchor_signature text`);
    const signer = migrationContext.auditSigner;
    if (!signer) return;
    const approvals: { signature_id: string; report_id: string; seq: number; hash: string }[] = await q.query(
      `SELECT s.id AS signature_id, a.report_id, a.seq, a.hash
         FROM signatures s JOIN audit_events a
           ON a.report_id = s.report_id AND a.action = 'approve' AND a.details->'signature'->>'id' = s.id::text`,
    );
    for (const a of approvals) {
      const anchor = signer.sign({ reportId: a.report_id, events: Number(a.seq), headHash: a.hash });
      await q.query(
        `UPDATE signatures SET anchor_events = $2, anchor_head_hash = $3, anchor_key_id = $4, anchor_signature = $5 WHERE id = $1`,
        [a.signature_id, anchor.events, anchor.headHash, anchor.keyId, anchor.signature],
      );
    }
    const heads: { report_id: string; seq: number; hash: string }[] = await q.query(
      `SELECT DISTINCT ON (report_id) report_id, seq, hash FROM audit_events ORDER BY report_id, seq DESC`,
    );
    for (const head of heads) {
      const signed = signer.sign({ reportId: head.report_id, events: Number(head.seq), headHash: head.hash });
      await q.query(
        'INSERT INTO audit_heads (report_id, events, head_hash, key_id, signature) VALUES ($1, $2, $3, $4, $5)',
        [signed.reportId, signed.events, signed.headHash, signed.keyId, signed.signature],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE signatures DROP COLUMN anchor_events, DROP COLUMN anchor_head_hash, DROP COLUMN anchor_key_id, DROP COLUMN anchor_signature`,
    );
    await q.query(`DROP TABLE audit_heads`);
  }
}
