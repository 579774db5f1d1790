// Runs every *.test.ts under test/ with Node's test runner, one file at a time (each starts
// servers). Every test has a time limit, and every file a wall-clock limit after which it is
// killed and counted as failed, so a hang shows up as a named failure instead of a stalled run.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;
// Arguments or TEST_ONLY (comma-separated) pick files whose path contains one of them.
const only = [...process.argv.slice(2), ...(process.env.TEST_ONLY ?? '').split(',').filter(Boolean)];
// Node's test runner applies this limit to the file as a whole too, so it must exceed the longest
// file (live fuzzing of 100,000 messages: 1.5–4.5 min, with a budget of 8).
const testTimeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);
const fileTimeoutMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 900_000);
const OUTPUT_KEPT = 4_000_000;
const REASONS_SHOWN = 6_000;

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'artifacts') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {}
    }
    process.exit(1);
  });
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-force-exit', `--test-timeout=${testTimeoutMs}`, '--test-reporter=spec', file],
      { stdio: ['inherit', 'pipe', 'pipe'], cwd: root, detached: true },
    );
    current = child;
    // Passed through as it comes, and the end kept so a failure's details can be repeated at the
    // end of the run (the test runner prints them last).
    let output = '';
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      from.on('data', (chunk) => {
        to.write(chunk);
        output += chunk.toString('utf8');
        if (output.length > 2 * OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
      });
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n✖ ${path.relative(root, file)} did not finish within ${fileTimeoutMs / 1000} s; killed`);
      // The whole process group: the test process and any servers it started.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, fileTimeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever the file left running (a server of a test the runner timed out) goes with it,
      // rather than taking CPU from the files after it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
      resolve({ file, ok: !timedOut && code === 0, code: timedOut ? 'timeout' : (code ?? signal), ms: Date.now() - started, output });
    });
  });
}

let files = collect(root);
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const results = [];
for (const file of files) results.push(await runFile(file));

console.log('\n== test files');
for (const r of results) {
  console.log(`${r.ok ? '✔' : '✖'} ${path.relative(root, r.file)} (${(r.ms / 1000).toFixed(1)} s)${r.ok ? '' : ` exit ${r.code}`}`);
}
const failed = results.filter((r) => !r.ok);
// A long run's log is read from its end: each failed file's reasons are repeated here.
for (const r of failed) {
  const at = r.output.lastIndexOf('✖ failing tests:');
  const reasons = at >= 0 ? r.output.slice(at) : r.output.slice(-REASONS_SHOWN);
  console.log(`\n== why ${path.relative(root, r.file)} failed\n${reasons.slice(0, REASONS_SHOWN).trimEnd()}`);
}
console.log(failed.length === 0 ? `all ${results.length} files passed` : `${failed.length} of ${results.length} files failed`);
process.exit(failed.length === 0 ? 0 : 1);
