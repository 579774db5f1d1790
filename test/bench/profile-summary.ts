/**
 * Where a V8 CPU profile (.cpuprofile, as written by node --cpu-prof or `npm run bench -- --profile`)
 * spent its time: self time by function and by package, and inclusive time of the heaviest functions.
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the sample stream (each sample's delta is charged to its node).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const where = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.replace(/^.*\/work\/main\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${short}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};
const pkg = (n: ProfileNode) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(url.lastIndexOf('node_modules/')));
  if (m) return m[1] ?? url;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^.*\/work\/main\//, '').split('/').slice(0, 3).join('/');
};

/**
 * Activities of the collaboration server, matched against a sample's stack from the outermost
 * frame inwards: the first frame that matches names the activity the sample belongs to.
 */
const ACTIVITIES: [string, RegExp][] = [
  ['content hash refresh (refreshHash)', /^refreshHash /],
  ['compaction', /^compact .*document\.store/],
  ['group commit (UpdateWriter, DocumentStore)', /update-writer\.js|document\.store\.js/],
  ['serverSideEmit without an adapter (console.warn)', /^serverSideEmit /],
  ['room broadcast (merge, then socket.io to every member)', /^emit .*broadcast-operator|^mergeUpdates /],
  ['sync message handling (decode, validate, apply)', /^sync .*collab\.service/],
  ['awareness handling', /^awareness .*collab\.service/],
  ['join / load', /^(join|load|room) .*collab\.service/],
  ['other socket emits (saved, sync step 2, …)', /^emit .*socket\.io\/dist\/socket\.js/],
  ['database driver (other queries)', /typeorm|pg\/lib|pg-protocol|pg-pool/],
  ['incoming frames (ws, engine.io, socket.io parser)', /ws\/lib\/receiver|socket\.io-parser|engine\.io\/build\/(socket|transport)\.js/],
  ['outgoing frames flushed later (engine.io drain)', /engine\.io|ws\/lib\/sender/],
  ['garbage collector', /^\(garbage collector\)/],
  ['idle', /^\(idle\)/],
];
const activity = new Map<string, number>();

const self = new Map<string, number>();
const byPkg = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  if (!n) continue;
  self.set(where(n), (self.get(where(n)) ?? 0) + us);
  byPkg.set(pkg(n), (byPkg.get(pkg(n)) ?? 0) + us);
  const stack: string[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur);
    if (f) stack.unshift(where(f));
  }
  const act = stack.map((frame) => ACTIVITIES.find(([, re]) => re.test(frame))?.[0]).find((a) => a !== undefined) ?? 'other';
  activity.set(act, (activity.get(act) ?? 0) + us);
  // Charge every distinct frame on the stack once (recursion would count twice otherwise).
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur);
    if (!f) break;
    const key = where(f);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled over ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`);
show('time by server activity (outermost matching frame)', activity);
show('self time by package', byPkg);
show('self time by function', self);
show('inclusive time by function', inclusive);
