import type { MigrationInterface, QueryRunner } from 'typeorm';
import * as Y from 'yjs';

/** Rows of the existing log read per round while filling the table. */
const PAGE = 2_000;

/**
 * Which user each Yjs client id of a report belongs to, and the clock up to which its items are
 * stored: claimed by the first user whose stored update carries items of that client. An update
 * with new items of a client another user owns is refused, so an edit is always credited to the
 * user whose client made it, never to whoever re-sends it. Filled from the log already stored.
 */
export class ReportClients1732700000000 implements MigrationInterface {
  name = 'ReportClients1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_clients (
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        clock bigint NOT NULL,
        PRIMARY KEY (report_id, client_id)
      )`);
    let after: { reportId: string; seq: string } | undefined;
    for (;;) {
      const rows: { report_id: string; seq: string; user_id: string | null; data: Uint8Array }[] = await q.query(
        `SELECT report_id, seq, user_id, data FROM report_updates
          WHERE ($1::uuid IS NULL OR (report_id, seq) > ($1::uuid, $2::bigint))
          ORDER BY report_id, seq LIMIT ${PAGE}`,
        [after?.reportId ?? null, after?.seq ?? 0],
      );
      if (rows.length === 0) break;
      const owners = new Map<string, { reportId: string; clientId: number; userId: string; clock: number }>();
      for (const row of rows) {
        if (!row.user_id) continue;
        let clocks: Map<number, number>;
        try {
          clocks = Y.parseUpdateMeta(new Uint8Array(row.data)).to;
        } catch {
          continue;
        }
        for (const [clientId, clock] of clocks) {
          const key = `${row.report_id} ${clientId}`;
          const owner = owners.get(key);
          if (!owner) owners.set(key, { reportId: row.report_id, clientId, userId: row.user_id, clock });
          else if (owner.userId === row.user_id) owner.clock = Math.max(owner.clock, clock);
        }
      }
      const list = [...owners.values()];
      // The first page that names a client decides its owner; later pages only advance its clock.
      await q.query(
        `INSERT INTO report_clients (report_id, client_id, user_id, clock)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::bigint[])
         ON CONFLICT (report_id, client_id) DO UPDATE SET clock = GREATEST(report_clients.clock, EXCLUDED.clock)
           WHERE report_clients.user_id = EXCLUDED.user_id`,
        [list.map((o) => o.reportId), list.map((o) => o.clientId), list.map((o) => o.userId), list.map((o) => o.clock)],
      );
      const last = rows[rows.length - 1];
      if (!last) break;
      after = { reportId: last.report_id, seq: last.seq };
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_clients`);
  }
}
