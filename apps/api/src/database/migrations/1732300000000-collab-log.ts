import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only Yjs update log, its compacted snapshots, and the per-report log head. */
export class CollabLog1732300000000 implements MigrationInterface {
  name = 'CollabLog1732300000000';

  async up(q: QueryRunner): Promise<void> {
    // log_seq is taken under the report's row lock, so per report seq order is commit order.
    await q.query(`ALTER TABLE reports ADD COLUMN log_seq bigint NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE report_updates (
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        user_id uuid REFERENCES users(id),
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, seq)
      )`);
    await q.query(`
      CREATE TABLE report_snapshots (
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        upto_seq bigint NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, upto_seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP TABLE report_updates`);
    await q.query(`ALTER TABLE reports DROP COLUMN log_seq`);
  }
}
