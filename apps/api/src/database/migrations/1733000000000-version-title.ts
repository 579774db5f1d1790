import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version keeps the report's title as it was, so that a comparison of versions shows a renamed
 * report. Versions made before carry no title (NULL): their comparisons show no title change.
 */
export class VersionTitle1733000000000 implements MigrationInterface {
  name = 'VersionTitle1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_versions ADD COLUMN title text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_versions DROP COLUMN title`);
  }
}
