// Preloaded (node --require) into the API server by the benchmark only; inert unless
// BENCH_HOOK_DIR is set. On SIGWINCH (ignored by default, unlike SIGUSR2 which NestJS's shutdown
// hooks treat as a stop signal) it runs the command in BENCH_HOOK_DIR/command and writes
// the answer to BENCH_HOOK_DIR/answer-<seq>.json:
//   memory          full GC, then process.memoryUsage() (so RSS figures are not GC timing noise)
//   profile-start   start the V8 CPU profiler (the one behind --cpu-prof)
//   profile-stop P  stop it and write the profile to path P (.cpuprofile)
//   loop-start      start measuring the main thread: utilisation and event-loop delay
//   loop-stop       stop, and answer how busy it was and how late callbacks ran (ms)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const inspector = require('node:inspector');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');

const dir = process.env.BENCH_HOOK_DIR;
if (dir) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let session;
  let loop;
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

  const run = async (line) => {
    const [cmd, arg] = line.trim().split(/\s+/, 2);
    if (cmd === 'memory') {
      gc();
      gc();
      return process.memoryUsage();
    }
    if (cmd === 'profile-start') {
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      return { started: true };
    }
    if (cmd === 'profile-stop') {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      session = undefined;
      fs.writeFileSync(arg, JSON.stringify(profile));
      return { written: arg };
    }
    if (cmd === 'loop-start') {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      loop = { delay, elu: performance.eventLoopUtilization() };
      return { started: true };
    }
    if (cmd === 'loop-stop') {
      if (!loop) throw new Error('loop-start first');
      const { delay, elu } = loop;
      delay.disable();
      loop = undefined;
      const ms = (ns) => Math.round(ns / 1e4) / 100;
      return {
        busy: performance.eventLoopUtilization(elu).utilization,
        delayP50Ms: ms(delay.percentile(50)),
        delayP99Ms: ms(delay.percentile(99)),
        delayMaxMs: ms(delay.max),
      };
    }
    throw new Error(`unknown command ${cmd}`);
  };

  process.on('SIGWINCH', () => {
    const [seq, line] = fs.readFileSync(path.join(dir, 'command'), 'utf8').split('\n', 2);
    run(line ?? '').then(
      (res) => fs.writeFileSync(path.join(dir, `answer-${seq}.json`), JSON.stringify({ ok: true, res })),
      (err) => fs.writeFileSync(path.join(dir, `answer-${seq}.json`), JSON.stringify({ ok: false, error: String(err) })),
    );
  });
}
