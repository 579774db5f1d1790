import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The title is part of what an approval signs: kept with the signature and bound into its
 * binding hash. Signatures made before carry no title (NULL) and keep their binding.
 */
export class SignedTitle1732800000000 implements MigrationInterface {
  name = 'SignedTitle1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures ADD COLUMN title text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures DROP COLUMN title`);
  }
}
