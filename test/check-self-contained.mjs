#!/usr/bin/env node
// The repository must stand alone: a fresh clone with nothing beside it has to install, build and
// pass its tests. This check fails when a tracked file (code, tests, docs, JSON, CI scripts) reads
// or links a path outside the repository:
//   - an absolute path of a particular machine (/work/…, /home/…, /Users/…);
//   - a relative path ('../…' in a string, a Markdown link or a code span) that resolves outside
//     the repository, taken from the file's own folder;
//   - path.join / path.resolve from the file's folder or the repository root that climbs out of it
//     ('..' segments);
//   - a path through a sibling folder named shared (up one level, then shared) that does not exist
//     in the repository;
//   - a Markdown link to a file the repository does not have, or an upper-case document name
//     (SOMETHING.md) that no tracked file carries.
// Run: node test/check-self-contained.mjs (from anywhere). Exit code 1 and one line per finding.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const self = path.relative(root, import.meta.filename);

const tracked = execFileSync('git', ['ls-files', '-z', '--cached'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const trackedSet = new Set(tracked);
const trackedDirs = new Set();
for (const f of tracked) for (let d = path.dirname(f); d !== '.'; d = path.dirname(d)) trackedDirs.add(d);
const basenames = new Set(tracked.map((f) => path.basename(f)));

const TEXT_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json|md|markdown|ya?ml|sh|html|css|txt)$/i;
const scanned = tracked.filter(
  (f) => f !== self && f !== 'package-lock.json' && (TEXT_FILE.test(f) || f.startsWith('.ci/')) && existsSync(path.join(root, f)),
);

const ABSOLUTE = /(?<![\w.~-])\/(work|home|Users)\/[\w.-]+/;
/** String literals, code spans and Markdown link targets that start with ./.. or .. */
const RELATIVE = /(['"`(])((?:\.\/)?\.\.(?:\/[^'"`()\s]*)?)(?=['"`)\s])/g;
/** path.join(base, 'a', '..', …) / path.resolve(…): the base and the leading literal segments. */
const JOIN = /path\.(?:join|resolve)\(\s*([\w.]+(?:\(\))?)\s*,((?:\s*(['"])[^'"]*\3\s*,?)+)/g;
const SIBLING_SHARED = /\.\.[/\\]shared\b|(['"])\.\.\1\s*,\s*(['"])shared\2/;
const MD_LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const DOC_NAME = /(?<![\w/.-])([A-Z][A-Z0-9_-]*\.md)\b/g;

const inside = (abs) => abs === root || abs.startsWith(root + path.sep);
const exists = (abs) => {
  const rel = path.relative(root, abs);
  return rel === '' || trackedSet.has(rel) || trackedDirs.has(rel);
};

const findings = [];
for (const file of scanned) {
  const dir = path.dirname(path.join(root, file));
  const isMarkdown = /\.(md|markdown)$/i.test(file);
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    const report = (why) => findings.push(`${at}: ${why}\n    ${line.trim().slice(0, 160)}`);

    const abs = ABSOLUTE.exec(line);
    if (abs) report(`absolute path of one machine (${abs[0]})`);

    for (const m of line.matchAll(RELATIVE)) {
      const target = m[2].replace(/\$\{.*$/, '');
      const resolved = path.resolve(dir, target);
      if (!inside(resolved)) report(`'${m[2]}' leads outside the repository`);
      else if (SIBLING_SHARED.test(m[2]) && !exists(resolved)) report(`'${m[2]}' names a sibling folder the repository does not have`);
    }

    for (const m of line.matchAll(JOIN)) {
      const base = m[1];
      const from =
        base === 'import.meta.dirname' || base === '__dirname'
          ? dir
          : /^(repoRoot|REPO_ROOT|root|ROOT|repo|process\.cwd\(\))$/.test(base)
            ? root
            : undefined;
      if (from === undefined) continue;
      const segments = [...m[2].matchAll(/(['"])([^'"]*)\1/g)].map((s) => s[2]);
      if (!segments.some((s) => s.split(/[/\\]/).includes('..'))) continue;
      if (!inside(path.resolve(from, ...segments))) report(`path.${m[0].slice(5, 9) === 'join' ? 'join' : 'resolve'} climbs out of the repository`);
    }

    if (SIBLING_SHARED.test(line) && !findings.some((f) => f.startsWith(`${at}:`))) {
      report('reads a sibling "shared" folder outside the repository');
    }

    if (isMarkdown) {
      for (const m of line.matchAll(MD_LINK)) {
        const target = m[1].replace(/#.*$/, '');
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const resolved = target.startsWith('/') ? path.join(root, target) : path.resolve(dir, decodeURI(target));
        if (!inside(resolved)) report(`link '${m[1]}' leads outside the repository`);
        else if (!exists(resolved)) report(`link '${m[1]}' names a file the repository does not have`);
      }
    }

    for (const m of line.matchAll(DOC_NAME)) {
      if (!basenames.has(m[1])) report(`names ${m[1]}, which is not in the repository`);
    }
  });
}

if (findings.length > 0) {
  console.error(`check-self-contained: ${findings.length} reference(s) outside the repository:\n`);
  for (const f of findings) console.error(f);
  process.exit(1);
}
console.log(`check-self-contained: ${scanned.length} tracked files, nothing outside the repository`);
