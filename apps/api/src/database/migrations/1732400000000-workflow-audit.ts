import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions (full Yjs state + canonical content + hash), signatures bound to a version, and the
 * append-only, hash-chained audit trail. A trigger refuses UPDATE, DELETE and TRUNCATE on
 * audit_events for every role that does not disable it explicitly.
 */
export class WorkflowAudit1732400000000 implements MigrationInterface {
  name = 'WorkflowAudit1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id),
        number integer NOT NULL,
        label text,
        reason text NOT NULL CHECK (reason IN ('submit', 'approve', 'manual', 'restore')),
        state bytea NOT NULL,
        content text NOT NULL,
        content_hash text NOT NULL,
        upto_seq bigint NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, number)
      )`);
    await q.query(`
      CREATE TABLE signatures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id),
        version_id uuid NOT NULL REFERENCES report_versions(id),
        signer_id uuid NOT NULL REFERENCES users(id),
        meaning text NOT NULL,
        signed_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        binding_hash text NOT NULL,
        superseded_at timestamptz
      )`);
    await q.query(`CREATE INDEX signatures_report_idx ON signatures (report_id, signed_at)`);
    await q.query(`
      CREATE TABLE audit_events (
        report_id uuid NOT NULL REFERENCES reports(id),
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid REFERENCES users(id),
        action text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (report_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE signatures`);
    await q.query(`DROP TABLE report_versions`);
  }
}
