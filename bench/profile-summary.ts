/**
 * Sums a V8 CPU profile (`.cpuprofile`, e.g. from BENCH_CPU_PROF in bench/cadres.bench.ts) by
 * where the time went: self time by file or package, self time by function, and inclusive time
 * (the share of samples whose stack passes through a function).
 *
 *   npx tsx bench/profile-summary.ts /tmp/prof/phase-2-bot.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame's code lives: an npm package, a file of this repository, or Node/V8 itself. */
function place(url: string): string {
  if (!url) return '(V8: gc, idle, native)';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm ${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /\/((?:src|conversations|jobs|bench|test)\/.*)$/.exec(url);
  return own ? own[1]! : url;
}

const sampleTime = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  sampleTime.set(id, (sampleTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
let total = 0;
for (const t of sampleTime.values()) total += t;

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const selfByPlace = new Map<string, number>();
const selfByFn = new Map<string, number>();
const inclByFn = new Map<string, number>();
const inclByPlace = new Map<string, number>();
for (const [id, t] of sampleTime) {
  const cf = nodes.get(id)!.callFrame;
  add(selfByPlace, place(cf.url), t);
  add(selfByFn, `${cf.functionName || '(anonymous)'} · ${place(cf.url)}:${cf.lineNumber + 1}`, t);
  const seenFn = new Set<string>();
  const seenPlace = new Set<string>();
  for (let j: number | undefined = id; j !== undefined; j = parent.get(j)) {
    const f = nodes.get(j)!.callFrame;
    const fn = `${f.functionName || '(anonymous)'} · ${place(f.url)}:${f.lineNumber + 1}`;
    if (!seenFn.has(fn)) {
      seenFn.add(fn);
      add(inclByFn, fn, t);
    }
    const p = place(f.url);
    if (!seenPlace.has(p)) {
      seenPlace.add(p);
      add(inclByPlace, p, t);
    }
  }
}

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${((100 * v) / total).toFixed(1).padStart(6)} %  ${k}`);
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('Self time by file or package', selfByPlace);
show('Self time by function', selfByFn);
show('Inclusive time by file or package (stack passes through it)', inclByPlace);
show('Inclusive time by function', inclByFn);
