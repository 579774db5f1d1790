import { spawn } from 'node:child_process';
import net from 'node:net';
import { percentileOf } from './histogram.js';

const ECHO = `require('node:net').createServer((s) => { s.setNoDelay(true); s.on('data', (d) => s.write(d)); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

/**
 * The machine's own floor for the latency figures: round trips of one byte over loopback TCP to
 * an echo process, 20 ms apart (both sides idle in between, as with typing), no Socket.IO, no app.
 * On virtual machines waking an idle vCPU is what dominates this.
 */
export async function tcpRoundTrip(samples = 150): Promise<{ p50Ms: number; p99Ms: number }> {
  const child = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '' } });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`echo process exited (${code})`)));
    });
    const sock = net.connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    await new Promise((r) => sock.once('connect', r));
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      sock.write('x');
      await new Promise((r) => sock.once('data', r));
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    sock.destroy();
    const r = (v: number) => Number(v.toFixed(2));
    return { p50Ms: r(percentileOf(times, 50)), p99Ms: r(percentileOf(times, 99)) };
  } finally {
    child.kill();
  }
}
