import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Seeing a .docx the way a Word user does: LibreOffice Writer (headless) lays it out and prints it
 * to PDF, poppler reads the PDF's text per page and renders the pages to PNG. Debian packages
 * `libreoffice-writer-nogui` and `poppler-utils` (installed by .ci/run), fonts from `fonts-noto-cjk`.
 */

export const RENDER_TOOLS = ['soffice', 'pdftotext', 'pdfinfo', 'pdftoppm'] as const;

/** The tools that are not on PATH. */
export function missingRenderTools(): string[] {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = (name: string) =>
    dirs.some((dir) => {
      try {
        accessSync(path.join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return RENDER_TOOLS.filter((t) => !found(t));
}

/** Fails (never skips) when a tool is missing, saying what to install. */
export function requireRenderTools(): void {
  const missing = missingRenderTools();
  if (missing.length === 0) return;
  throw new Error(
    `${missing.join(', ')} not found on PATH: this test renders the Word export with LibreOffice Writer and poppler. ` +
      'Install them as .ci/run does: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk',
  );
}

export interface RunResult {
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command in a process group of its own and kills the whole group after `timeoutMs`
 * (soffice is a shell script that starts soffice.bin: killing the script alone would leave it).
 */
export function run(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    // Decoded once at the end: a chunk may end inside a character of several bytes.
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const said = `\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim()}`;
      if (timedOut) reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s; killed${said}`));
      else if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal})${said}`));
      else resolve({ stdout, stderr, ms });
    });
  });
}

export const CONVERT_TIMEOUT_MS = 60_000;

/**
 * Converts `docx` to PDF in `outDir` with LibreOffice and a profile of its own (a throw-away
 * UserInstallation), so that runs side by side, or a desktop LibreOffice, do not share one.
 */
export async function docxToPdf(docx: string, outDir: string): Promise<{ pdf: string; ms: number }> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'review-soffice-'));
  try {
    const { stdout, stderr, ms } = await run(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, docx],
      CONVERT_TIMEOUT_MS,
    );
    const pdf = path.join(outDir, `${path.basename(docx, path.extname(docx))}.pdf`);
    // soffice says 0 even when it wrote nothing (a file it cannot open, a filter that failed).
    if (!existsSync(pdf)) throw new Error(`soffice wrote no ${pdf}\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim()}`);
    return { pdf, ms };
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The number of pages, as pdfinfo reports it. */
export async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf], 30_000);
  const pages = /^Pages:\s+(\d+)$/m.exec(stdout)?.[1];
  if (!pages) throw new Error(`pdfinfo gave no page count for ${pdf}:\n${stdout}`);
  return Number(pages);
}

/** Each page's text as `pdftotext -layout` lays it out (pages end with a form feed). */
export async function pdfPageTexts(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], 30_000);
  const pages = stdout.split('\f');
  // The form feed ends every page, so the last piece is what follows the last page: nothing.
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** Renders every page to `<dir>/<prefix>-<n>.png` at `dpi`, after removing that prefix's PNGs of an earlier run. */
export async function renderPngs(pdf: string, dir: string, prefix: string, dpi = 60): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const ours = (name: string) => name.startsWith(`${prefix}-`) && /^\d+\.png$/.test(name.slice(prefix.length + 1));
  for (const name of readdirSync(dir)) if (ours(name)) rmSync(path.join(dir, name));
  await run('pdftoppm', ['-png', '-r', String(dpi), pdf, path.join(dir, prefix)], 60_000);
  return readdirSync(dir)
    .filter(ours)
    .sort((a, b) => Number(a.slice(prefix.length + 1, -4)) - Number(b.slice(prefix.length + 1, -4)))
    .map((name) => path.join(dir, name));
}

/** The non-blank lines of a page, trimmed. */
export const linesOf = (page: string): string[] =>
  page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** Text without any white space: lines wrap, and justified lines get spaces, where the source had none. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');

/** Pages as their lines, for a failure message. */
export const show = (texts: string[]): string => texts.map((t, i) => `--- page ${i + 1} ---\n${linesOf(t).join('\n')}`).join('\n');

/** The header marks of the states that are not approved (apps/api/src/documents/official-docx.ts). */
export const STATE_MARKS = ['草稿', '审核中', '退回修改'];

/**
 * Every page's header and footer: the state mark (`mark`) alone on the page's first line, and no
 * other mark anywhere on it; or, without `mark`, no mark at all. The last line is the page number
 * `— n —`.
 */
export function assertPageMarks(label: string, texts: string[], mark: string | undefined): void {
  assert.ok(texts.length > 0, `${label}: no pages`);
  texts.forEach((page, i) => {
    const lines = linesOf(page);
    if (mark !== undefined) assert.equal(lines[0], mark, `${label}: the header of page ${i + 1} is ${mark}\n${show([page])}`);
    for (const other of STATE_MARKS.filter((m) => m !== mark)) {
      assert.ok(!page.includes(other), `${label}: page ${i + 1} shows no ${other}\n${show([page])}`);
    }
    // pdftotext drops the narrow spaces between the dashes and the number.
    assert.equal(squeeze(lines.at(-1) ?? ''), `—${i + 1}—`, `${label}: page ${i + 1} ends with its page number — ${i + 1} —\n${show([page])}`);
  });
}
