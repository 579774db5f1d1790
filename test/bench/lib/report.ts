import type { Figure, SectionResult } from './context.js';

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  mode: 'quick' | 'full';
  machine: {
    cores: number;
    cpu: string;
    memoryGb: number;
    node: string;
    loadAverageAtStart: number[];
    /** Cores other processes used, and % of CPU time stolen by the hypervisor, just before the run. */
    busyAtStart: { cores: number; stealPct: number };
    /** Loopback TCP round trip between two idle processes: the floor under every latency here. */
    tcpRoundTripIdle: { p50Ms: number; p99Ms: number };
  };
  commit: string;
  database: string;
  sections: SectionResult[];
  failures: { section: string; error: string }[];
}

const status = (f: Figure) => {
  const s = f.pass === undefined ? '' : f.pass === null ? 'n/a' : f.pass ? 'pass' : 'MISS';
  return f.noisy ? `${s} (noisy)`.trim() : s;
};
const value = (f: Figure) => (typeof f.value === 'number' ? `${f.value.toLocaleString('en')} ${f.unit}`.trim() : f.value);
const cell = (s: string) => s.replace(/\|/g, '\\|');

function detailLines(details: Record<string, unknown>, indent = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out.push(`${indent}- ${k}:`);
      out.push(...detailLines(v as Record<string, unknown>, `${indent}  `));
    } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      out.push(`${indent}- ${k}:`);
      for (const x of v) out.push(`${indent}  - ${JSON.stringify(x)}`);
    } else {
      out.push(`${indent}- ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    }
  }
  return out;
}

export function toMarkdown(r: BenchReport): string {
  const lines = [
    `# Collaboration benchmark (${r.mode})`,
    '',
    `${r.startedAt} · commit ${r.commit} · ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB · Node ${r.machine.node} · ` +
      `database: ${r.database} · ${r.durationSeconds} s · load average at start ${r.machine.loadAverageAtStart.join(' ')}, ` +
      `at start other processes busy on ${r.machine.busyAtStart.cores} cores, CPU steal ${r.machine.busyAtStart.stealPct} % · ` +
      `machine floor: loopback TCP round ` +
      `trip between idle processes p50 ${r.machine.tcpRoundTripIdle.p50Ms} ms, p99 ${r.machine.tcpRoundTripIdle.p99Ms} ms`,
    '',
    '| figure | value | target | |',
    '|---|---|---|---|',
  ];
  for (const s of r.sections) {
    for (const f of s.figures) lines.push(`| ${cell(f.name)} | ${cell(value(f))} | ${cell(f.target ?? '')} | ${status(f)} |`);
  }
  for (const f of r.failures) lines.push(`| ${f.section} | failed: ${cell(f.error.split('\n')[0] ?? '')} | | MISS |`);
  lines.push('', '"(noisy)": other processes on the machine or a saturated load generator disturbed that figure (see the warnings).', '');
  for (const s of r.sections) {
    lines.push(`## ${s.title}`, '');
    if (s.otherCores !== undefined) {
      lines.push(`Other processes used ${s.otherCores} cores on average meanwhile; CPU steal ${s.stealPct ?? 0} %.`, '');
    }
    for (const f of s.figures) if (f.note) lines.push(`- ${f.name}: ${f.note}`);
    if (s.warnings.length) lines.push(...s.warnings.map((w) => `- warning: ${w}`));
    lines.push('', '<details><summary>details</summary>', '', ...detailLines(s.details), '', '</details>', '');
  }
  for (const f of r.failures) lines.push(`## ${f.section}: failed`, '', '```', f.error, '```', '');
  return `${lines.join('\n')}\n`;
}

export function toConsole(r: BenchReport): string {
  const rows = r.sections.flatMap((s) => s.figures).map((f) => [f.name, value(f), f.target ?? '', status(f)]);
  for (const f of r.failures) rows.push([f.section, 'FAILED', '', 'MISS']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row) => row.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  '));
  const warnings = r.sections.flatMap((s) => s.warnings.map((w) => `  ${s.id}: ${w}`));
  return [
    '',
    `Benchmark (${r.mode}, ${r.database}, ${r.durationSeconds} s)`,
    ...lines.map((l) => `  ${l}`),
    ...(warnings.length ? ['', 'Warnings:', ...warnings] : []),
    '',
  ].join('\n');
}
