import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password attempts (sign-in and the re-entry that signs an approval), counted per username and
 * per client address. In the database rather than in each node's memory, so that several API
 * nodes share one count and an attacker gains nothing by spreading guesses over them.
 */
export class LoginAttempts1732600000000 implements MigrationInterface {
  name = 'LoginAttempts1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempts_key_idx ON login_attempts (key, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempts`);
  }
}
