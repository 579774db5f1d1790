import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report keeps why its latest submission went ahead although the checks failed, so that the
 * reviewer reads it with the report rather than in the audit trail. Reports submitted before
 * take it from their latest submit event.
 */
export class ChecksOverride1733100000000 implements MigrationInterface {
  name = 'ChecksOverride1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports ADD COLUMN override_reason text, ADD COLUMN overridden_problems integer`);
    await q.query(`
      UPDATE reports r SET override_reason = s.details->>'overrideReason',
                           overridden_problems = (s.details->>'overriddenProblems')::integer
        FROM (SELECT DISTINCT ON (report_id) report_id, details
                FROM audit_events WHERE action = 'submit' ORDER BY report_id, seq DESC) s
       WHERE s.report_id = r.id AND s.details->>'overrideReason' IS NOT NULL
         AND (s.details->>'overriddenProblems')::integer > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports DROP COLUMN override_reason, DROP COLUMN overridden_problems`);
  }
}
