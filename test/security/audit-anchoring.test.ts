/**
 * The audit trail against someone who owns the database: a rewritten and re-hashed chain, a
 * chain cut short, an approval made to look like the author's, and the append-only triggers
 * switched off. The chain's head is signed by a key outside the database; the sign-off page
 * carries the approval's anchor; the server refuses writes while the triggers are gone. Also:
 * the trail pages with a cursor, and audited reads are rate-limited per user.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type AuditEventDto,
  auditEventHash,
  type AuditKeysDto,
  type AuditVerifyDto,
  type ReportDto,
  type SignatureDto,
} from '@review/shared';
import JSZip from 'jszip';
import { addParagraph, closeProvider, eventually, openProvider } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { assertError, loginAs } from '../support/http.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

interface EventRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  details: Record<string, unknown>;
  hash: string;
}

/** The chain rebuilt from `fromSeq` on, as someone with the hashing code would: every link consistent again. */
async function rehash(server: StartedServer, reportId: string, change: (e: EventRow) => void): Promise<void> {
  const rows = await server.db.query<EventRow>(
    'SELECT seq, at, actor_id, action, details, hash FROM audit_events WHERE report_id = $1 ORDER BY seq',
    [reportId],
  );
  let prev = '0'.repeat(64);
  for (const r of rows) {
    change(r);
    const hash = await auditEventHash(prev, {
      reportId,
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actor_id,
      action: r.action as AuditEventDto['action'],
      details: r.details,
    });
    await server.db.query('UPDATE audit_events SET actor_id = $3, details = $4, prev_hash = $5, hash = $6 WHERE report_id = $1 AND seq = $2', [
      reportId,
      r.seq,
      r.actor_id,
      JSON.stringify(r.details),
      prev,
      hash,
    ]);
    prev = hash;
  }
}

/** The message an anchor's signature covers, as docs/protocol.md describes it. */
const anchorMessage = (reportId: string, a: { events: number; headHash: string }) =>
  Buffer.from(JSON.stringify({ events: a.events, headHash: a.headHash, reportId }));

describe('an audit trail a database owner cannot rewrite unnoticed', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { drafter: Member; supervisor: Member; viewer: Member; team: { id: string } };

  before(async () => {
    server = await startServer({ env: { AUDIT_INTEGRITY_CHECK_MS: '200', HTTP_HEAVY_READ_BURST: '8', HTTP_HEAVY_READS_PER_SECOND: '1' } });
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  const approvedReport = async (): Promise<ReportDto> => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    assert.equal((await transition(t.drafter.client, report.id, 'submit')).status, 200);
    const approved = await transition(t.supervisor.client, report.id, 'approve', {}, { password: `pw-${t.supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    return approved.body;
  };
  const verifyOf = async (reportId: string) => (await t.viewer.client.get<AuditVerifyDto>(`/reports/${reportId}/audit/verify`)).body;
  /** Runs `sql` with the append-only trigger off, as a superuser can (the server stopped: PGlite has one user at a time). */
  const asSuperuser = async (work: () => Promise<void>) => {
    await server.stop();
    try {
      await server.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await work();
      await server.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    } finally {
      await server.restart();
    }
  };

  test('the approval carries a signed anchor that the published key checks, on the signature and the sign-off page', async () => {
    const report = await approvedReport();
    const [signature] = (await t.viewer.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body;
    assert.ok(signature?.anchor, 'the approval has an anchor');
    const trail = (await t.viewer.client.get<AuditEventDto[]>(`/reports/${report.id}/audit`)).body;
    const approve = trail.find((e) => e.action === 'approve');
    assert.equal(signature.anchor.events, approve?.seq);
    assert.equal(signature.anchor.headHash, approve?.hash);

    const keys = (await t.viewer.client.get<AuditKeysDto>('/audit/keys')).body;
    const key = keys.keys.find((k) => k.keyId === signature.anchor?.keyId);
    assert.ok(key, 'the signing key is published');
    const publicKey = createPublicKey(key.publicKeyPem);
    assert.equal(verify(null, anchorMessage(report.id, signature.anchor), publicKey, Buffer.from(signature.anchor.signature, 'base64')), true);
    const forged = { ...signature.anchor, events: signature.anchor.events + 1 };
    assert.equal(verify(null, anchorMessage(report.id, forged), publicKey, Buffer.from(signature.anchor.signature, 'base64')), false);

    const verified = await verifyOf(report.id);
    assert.equal(verified.ok, true, JSON.stringify(verified));

    const exported = await fetch(`${server.url}/api/reports/${report.id}/export.docx`, { headers: { cookie: t.viewer.client.cookie ?? '' } });
    assert.equal(exported.status, 200);
    const xml = await (await JSZip.loadAsync(await exported.arrayBuffer())).file('word/document.xml')!.async('string');
    for (const printed of [signature.anchor.headHash, signature.anchor.signature, signature.anchor.keyId, `第 ${signature.anchor.events} 条审计记录`]) {
      assert.ok(xml.includes(printed), `the sign-off page prints ${printed}`);
    }
  });

  test('an approval rewritten as the author’s, with every hash recomputed, fails verification (HTTP and CLI)', async () => {
    const report = await approvedReport();
    await asSuperuser(async () => {
      await rehash(server, report.id, (e) => {
        if (e.action === 'approve') e.actor_id = t.drafter.user.id;
      });
      await server.db.query('UPDATE signatures SET signer_id = $2 WHERE report_id = $1', [report.id, t.drafter.user.id]);
    });
    const verified = await verifyOf(report.id);
    assert.equal(verified.ok, false, 'the re-hashed chain no longer ends where the server signed it');
    assert.match(verified.problem ?? '', /does not end where the server signed it/);

    // Even with the signed head's hash moved along, its signature gives it away.
    await asSuperuser(async () => {
      const [last] = await server.db.query<{ hash: string }>('SELECT hash FROM audit_events WHERE report_id = $1 ORDER BY seq DESC LIMIT 1', [report.id]);
      await server.db.query('UPDATE audit_heads SET head_hash = $2 WHERE report_id = $1', [report.id, last?.hash]);
    });
    const again = await verifyOf(report.id);
    assert.equal(again.ok, false);
    assert.match(again.problem ?? '', /head signature does not match/);

    // The command-line verifier, with the server's key file, says the same.
    await server.stop();
    try {
      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'apps/api/dist/cli/audit-verify.js'), report.id], {
        env: { ...process.env, ...server.db.env, SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(cli.status, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, new RegExp(`✖ ${report.id} .*head signature does not match`));
    } finally {
      await server.restart();
    }
  });

  test('an approval credited to someone else than its signer fails, even where the chain and head agree', async () => {
    // The described rows are checked too: here only the signature row is changed, not the chain.
    const report = await approvedReport();
    await asSuperuser(() => server.db.query('UPDATE signatures SET signer_id = $2 WHERE report_id = $1', [report.id, t.drafter.user.id]).then(() => {}));
    const verified = await verifyOf(report.id);
    assert.equal(verified.ok, false);
    assert.match(verified.problem ?? '', /someone other than its signer/);
  });

  test('deleting the last events, or the signed head, fails verification', async () => {
    const cut = await approvedReport();
    await asSuperuser(() =>
      server.db
        .query('DELETE FROM audit_events WHERE report_id = $1 AND seq = (SELECT max(seq) FROM audit_events WHERE report_id = $1)', [cut.id])
        .then(() => {}),
    );
    const truncated = await verifyOf(cut.id);
    assert.equal(truncated.ok, false);
    assert.match(truncated.problem ?? '', /does not end where the server signed it/);

    const headless = await approvedReport();
    await asSuperuser(() => server.db.query('DELETE FROM audit_heads WHERE report_id = $1', [headless.id]).then(() => {}));
    const unsigned = await verifyOf(headless.id);
    assert.equal(unsigned.ok, false);
    assert.match(unsigned.problem ?? '', /no head signed by the server/);
  });

  test('without its append-only triggers the server reports unhealthy and refuses writes, and recovers once they are back', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    await server.stop();
    try {
      await server.db.query('DROP TRIGGER audit_events_no_truncate ON audit_events');
    } finally {
      await server.restart();
    }
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 503);
    assert.match(((await health.json()) as { message: string }).message, /audit_events_no_truncate is missing/);
    assertError(await t.drafter.client.post('/reports', { teamId: t.team.id, title: '不该建成的报告' }), 503, 'unavailable');
    assertError(await transition(t.drafter.client, report.id, 'submit'), 503, 'unavailable');
    assert.equal((await t.drafter.client.get(`/reports/${report.id}`)).status, 200, 'reading goes on');
    await loginAs(server.url, t.viewer.user.username, `pw-${t.viewer.user.username}`); // signing in goes on

    const provider = await openProvider(server.url, t.drafter.client, report.id);
    try {
      addParagraph(provider.doc, '不会被保存的一段');
      await eventually(() => provider.current.denied?.reason === 'unavailable', 10_000, 'the edit is denied as unavailable');
    } finally {
      closeProvider(provider);
    }

    await server.stop();
    try {
      await server.db.query(
        'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()',
      );
    } finally {
      await server.restart();
    }
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    assert.equal((await transition(t.drafter.client, report.id, 'submit')).status, 200);
    assert.equal((await verifyOf(report.id)).ok, true);
  });

  test('a node with a signing key of its own refuses writes instead of signing heads the others reject', async () => {
    await fx.newReport(t.drafter.client, t.team.id); // at least one signed head
    await server.stop();
    const stranger = await startServer({ db: server.db, env: { AUDIT_SIGNING_KEY_FILE: path.join(server.db.env.DATA_DIR!, 'other-key.pem'), SEED_DEMO: 'false' } });
    try {
      const health = await fetch(`${stranger.url}/api/health`);
      assert.equal(health.status, 503);
      assert.match(((await health.json()) as { message: string }).message, /keys this node does not trust/);
      const drafter = await loginAs(stranger.url, t.drafter.user.username, `pw-${t.drafter.user.username}`);
      assertError(await drafter.post('/reports', { teamId: t.team.id, title: '换了密钥的节点' }), 503, 'unavailable');
    } finally {
      await stranger.stop();
      await server.restart();
    }
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  });

  test('a trigger disabled while the server runs is noticed within the check interval', async (ctx) => {
    if (server.db.kind !== 'postgres') {
      ctx.diagnostic('PGlite belongs to the server process: nobody else can change it while it runs');
      return;
    }
    await server.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    try {
      await eventually(async () => (await fetch(`${server.url}/api/health`)).status === 503, 10_000, 'health turns 503');
      assertError(await t.drafter.client.post('/reports', { teamId: t.team.id, title: '不该建成的报告' }), 503, 'unavailable');
    } finally {
      await server.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    }
    await eventually(async () => (await fetch(`${server.url}/api/health`)).status === 200, 10_000, 'health is 200 again');
  });

  test('the trail pages with a cursor, oldest first within a page, and bad cursors are refused', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    for (let i = 0; i < 6; i += 1) {
      const action = i % 2 === 0 ? 'submit' : 'withdraw';
      assert.equal((await transition(t.drafter.client, report.id, action)).status, 200);
    }
    const all = (await t.viewer.client.get<AuditEventDto[]>(`/reports/${report.id}/audit`)).body;
    assert.ok(all.length >= 7);
    const seen: AuditEventDto[] = [];
    let before: number | undefined;
    for (;;) {
      const page = (await t.viewer.client.get<AuditEventDto[]>(`/reports/${report.id}/audit?limit=3${before ? `&before=${before}` : ''}`)).body;
      if (page.length === 0) break;
      assert.ok(page.length <= 3);
      assert.deepEqual(
        page.map((e) => e.seq),
        [...page.map((e) => e.seq)].sort((a, b) => a - b),
      );
      seen.unshift(...page);
      before = page[0]!.seq;
      if (before === 1) break;
    }
    assert.deepEqual(
      seen.map((e) => e.seq),
      all.map((e) => e.seq),
    );
    for (const bad of ['limit=0', 'limit=1001', 'before=abc', 'before=0', 'after=3']) {
      assertError(await t.viewer.client.get(`/reports/${report.id}/audit?${bad}`), 400, 'validation_failed');
    }
  });

  test('exports in a loop are rate-limited per user, without pushing the history out of reach', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id);
    const flooder = await fx.newUser();
    await fx.addMember(t.team.id, flooder.user.id, 'drafter');
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i += 1) {
      const res = await fetch(`${server.url}/api/reports/${report.id}/export.docx`, { headers: { cookie: flooder.client.cookie ?? '' } });
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    assert.ok(limited, 'the loop is stopped');
    assert.equal(((await limited.json()) as { error: string }).error, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // Another user is not held up by it.
    assert.equal((await t.drafter.client.get(`/reports/${report.id}/content`)).status, 200);
    // The first event is one page of history away, whatever the exports added.
    const oldest = (await t.drafter.client.get<AuditEventDto[]>(`/reports/${report.id}/audit?before=2&limit=1`)).body;
    assert.equal(oldest[0]?.action, 'create');
  });
});
