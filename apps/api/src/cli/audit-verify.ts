/**
 * `npm run audit:verify [reportId …]`: verifies the audit chain (and the signatures) of every
 * report, or of the given ones, straight from the database the server uses (DATABASE_URL, or
 * the embedded PGlite under DATA_DIR while the server is stopped). Prints one line per report
 * and exits 1 if any chain is broken, naming the first broken event.
 */
import 'reflect-metadata';
import { AuditService } from '../audit/index.js';
import { AuditSigner } from '../common/audit-signer.js';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { openDatabase } from '../database/data-source.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const ids = process.argv.slice(2);
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0) {
    process.stderr.write(`not a report id: ${bad.join(', ')}\n`);
    return 2;
  }
  let config: AppConfig;
  try {
    config = new AppConfig({ ...process.env, SEED_DEMO: 'false' });
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 2;
  }
  const database = await openDatabase(config);
  try {
    const audit = new AuditService(database.dataSource, AuditSigner.load(config.auditKeyFile, config.auditTrustedKeysFile));
    const reports: { id: string; title: string }[] = ids.length
      ? await database.dataSource.query('SELECT id, title FROM reports WHERE id = ANY($1::uuid[]) ORDER BY created_at', [ids])
      : await database.dataSource.query('SELECT id, title FROM reports ORDER BY created_at');
    const missing = ids.filter((id) => !reports.some((r) => r.id === id.toLowerCase()));
    for (const id of missing) process.stdout.write(`✖ ${id}: no such report\n`);
    let broken = missing.length;
    for (const r of reports) {
      const result = await audit.verify(r.id);
      if (result.ok) {
        process.stdout.write(`✔ ${r.id} ${r.title}: ${result.events} events, chain intact\n`);
      } else {
        broken += 1;
        const where = result.brokenAt !== undefined ? `broken at event ${result.brokenAt}: ` : '';
        process.stdout.write(`✖ ${r.id} ${r.title}: ${where}${result.problem ?? 'verification failed'}\n`);
      }
    }
    process.stdout.write(`${reports.length} report(s) checked, ${broken} with problems\n`);
    return broken === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
