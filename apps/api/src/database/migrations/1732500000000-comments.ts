import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comment threads anchored to text by Y.RelativePositions (kept here, never inside the
 * document), their comments, and in-app notifications.
 */
export class Comments1732500000000 implements MigrationInterface {
  name = 'Comments1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE comment_threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id),
        anchor_start text NOT NULL,
        anchor_end text NOT NULL,
        quote text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        version_number integer NOT NULL,
        made_at_seq bigint NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX comment_threads_report_idx ON comment_threads (report_id, created_at)`);
    await q.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES comment_threads(id),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        edited_at timestamptz,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX comments_thread_idx ON comments (thread_id, created_at)`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        report_id uuid NOT NULL REFERENCES reports(id),
        thread_id uuid REFERENCES comment_threads(id),
        kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'state')),
        actor_id uuid REFERENCES users(id),
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE comments`);
    await q.query(`DROP TABLE comment_threads`);
  }
}
