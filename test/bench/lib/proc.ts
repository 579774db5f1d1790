import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcStat {
  /** user + system CPU time, ms */
  cpuMs: number;
  rssKb: number;
  /** peak RSS of the process so far */
  hwmKb: number;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself hold spaces: split after the last one.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time and memory of one process from /proc/<pid>/stat and /proc/<pid>/status. */
export function readProc(pid: number): ProcStat | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  // After the name: field 3 (state) is f[0], so utime (14) is f[11] and stime (15) is f[12].
  const cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  let rssKb = 0;
  let hwmKb = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    hwmKb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return undefined;
  }
  return { cpuMs, rssKb, hwmKb };
}

/**
 * CPU time (ms) per pid of every process whose command name is `comm` (e.g. all PostgreSQL
 * processes). Compare two of these with `cpuDelta`: processes come and go between samples.
 */
export function cpuOfCommand(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const open = text.indexOf('(');
      const close = text.lastIndexOf(')');
      if (text.slice(open + 1, close) !== comm) continue;
      const f = text.slice(close + 2).split(' ');
      out.set(Number(name), ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** CPU time (ms) per pid of this process's children (the servers it started). */
export function cpuOfChildren(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (!f || Number(f[1]) !== process.pid) continue;
    out.set(Number(name), ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK);
  }
  return out;
}

/** CPU used between two `cpuOfCommand` samples; a process that ended in between is not counted. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Machine-wide CPU time (ms, all cores) from /proc/stat: busy (user, system, interrupts), steal
 * (time the hypervisor gave to someone else while this VM wanted to run) and total.
 */
export function machineCpu(): { busyMs: number; stealMs: number; totalMs: number; cores: number } {
  const text = readFileSync('/proc/stat', 'utf8');
  const line = text.split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (i: number) => v[i] ?? 0;
  const busy = at(0) + at(1) + at(2) + at(5) + at(6);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const cores = text.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  const ms = (ticks: number) => (ticks * 1000) / CLK_TCK;
  return { busyMs: ms(busy), stealMs: ms(at(7)), totalMs: ms(total), cores };
}

/** The child of this process that runs `script` (the server started by startServer). */
export function findChildPid(script: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    // f[1] is field 4, the parent pid.
    if (!f || Number(f[1]) !== process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((arg) => arg.endsWith(script))) return Number(name);
    } catch {
      // gone
    }
  }
  return undefined;
}
