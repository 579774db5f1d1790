import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which user each Yjs client id of a report belongs to: claimed by the first user whose stored
 * update carries items of that client. An update holding items of a client another user owns is
 * refused, so an edit is always credited to the user whose client made it, never to whoever
 * re-sends it.
 */
export class ReportClients1732700000000 implements MigrationInterface {
  name = 'ReportClients1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_clients (
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, client_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_clients`);
  }
}
