import { cpuDelta, cpuOfChildren, cpuOfCommand, machineCpu, readProc } from './proc.js';

export interface Usage {
  wallMs: number;
  /** CPU used, as a fraction of one core (1.0 = one core busy the whole time). */
  serverCores: number;
  benchCores: number;
  postgresCores: number | null;
  /** Everything else on the machine (other jobs), in cores: noise in the figures when high. */
  otherCores: number;
  /** Share of the machine's CPU time the hypervisor withheld (steal): a busy host, noise here. */
  steal: number;
  machineBusy: number;
  cores: number;
  serverRssEndKb: number;
  serverRssPeakKb: number;
}

/** CPU of the server, this process (load generator), PostgreSQL and the rest of the machine over a window. */
export class Meter {
  private t0 = 0;
  private server0 = 0;
  private bench0 = process.cpuUsage();
  private pg0 = new Map<number, number>();
  private machine0 = machineCpu();
  private peakRss = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly serverPid: number,
    private readonly withPostgres: boolean,
  ) {}

  start(): this {
    this.t0 = performance.now();
    this.server0 = readProc(this.serverPid)?.cpuMs ?? 0;
    this.bench0 = process.cpuUsage();
    this.pg0 = this.withPostgres ? cpuOfCommand('postgres') : new Map<number, number>();
    this.machine0 = machineCpu();
    this.peakRss = readProc(this.serverPid)?.rssKb ?? 0;
    this.timer = setInterval(() => {
      this.peakRss = Math.max(this.peakRss, readProc(this.serverPid)?.rssKb ?? 0);
    }, 200);
    return this;
  }

  stop(): Usage {
    clearInterval(this.timer);
    const wallMs = performance.now() - this.t0;
    const s = readProc(this.serverPid);
    const serverMs = (s?.cpuMs ?? 0) - this.server0;
    const b = process.cpuUsage(this.bench0);
    const benchMs = (b.user + b.system) / 1000;
    const pgMs = this.withPostgres ? cpuDelta(this.pg0, cpuOfCommand('postgres')) : 0;
    const m = machineCpu();
    const busyMs = m.busyMs - this.machine0.busyMs;
    const totalMs = m.totalMs - this.machine0.totalMs;
    return {
      wallMs,
      serverCores: serverMs / wallMs,
      benchCores: benchMs / wallMs,
      postgresCores: this.withPostgres ? pgMs / wallMs : null,
      otherCores: Math.max(0, (busyMs - serverMs - benchMs - pgMs) / wallMs),
      steal: totalMs > 0 ? (m.stealMs - this.machine0.stealMs) / totalMs : 0,
      machineBusy: totalMs > 0 ? (busyMs + m.stealMs - this.machine0.stealMs) / totalMs : 0,
      cores: m.cores,
      serverRssEndKb: s?.rssKb ?? 0,
      serverRssPeakKb: Math.max(this.peakRss, s?.rssKb ?? 0),
    };
  }
}

/**
 * CPU the rest of the machine used while a scenario ran (other jobs on a shared box): machine busy
 * time minus this process, its child processes (the server) and PostgreSQL, sampled every second.
 */
export class NoiseMonitor {
  private timer: NodeJS.Timeout | undefined;
  private otherMs = 0;
  private stealMs = 0;
  private totalMs = 0;
  private wallMs = 0;

  start(): this {
    let machine = machineCpu();
    let own = process.cpuUsage();
    let children = cpuOfChildren();
    let pg = cpuOfCommand('postgres');
    let t = performance.now();
    this.timer = setInterval(() => {
      const m = machineCpu();
      const o = process.cpuUsage(own);
      const c = cpuOfChildren();
      const p = cpuOfCommand('postgres');
      const now = performance.now();
      const used = (o.user + o.system) / 1000 + cpuDelta(children, c) + cpuDelta(pg, p);
      this.otherMs += Math.max(0, m.busyMs - machine.busyMs - used);
      this.stealMs += m.stealMs - machine.stealMs;
      this.totalMs += m.totalMs - machine.totalMs;
      this.wallMs += now - t;
      machine = m;
      own = process.cpuUsage();
      children = c;
      pg = p;
      t = now;
    }, 1_000);
    this.timer.unref();
    return this;
  }

  /** Average cores used by everything else, and the share of CPU time stolen by the hypervisor. */
  stop(): { otherCores: number; steal: number } {
    clearInterval(this.timer);
    return {
      otherCores: this.wallMs > 0 ? this.otherMs / this.wallMs : 0,
      steal: this.totalMs > 0 ? this.stealMs / this.totalMs : 0,
    };
  }
}
