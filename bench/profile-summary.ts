// Reads the .cpuprofile files `node --cpu-prof` wrote and prints where the time went: self time by
// function, self time by package (node's internals, each npm package, each folder of mdbkit), and the
// inclusive time of mdbkit's own functions (what each costs with everything it calls). Samples from the
// first `skipMs` of the profile (start-up: module loading, schema compilation) can be left out.
//   tsx bench/profile-summary.ts DIR|FILE.cpuprofile [--skip-ms N] [--top N]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../kinds/project-paths.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  skippedMs: number;
  totalMs: number;
  idleMs: number;
  bySelf: Array<{ name: string; ms: number; share: number }>;
  byPackage: Array<{ name: string; ms: number; share: number }>;
  inclusiveMdbkit: Array<{ name: string; ms: number; share: number }>;
}

const SPECIAL = new Set(['(program)', '(garbage collector)', '(root)', '(idle)']);
const OWN_CODE = `file://${PROJECT_ROOT}/dist/`;

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  if (path.startsWith(PROJECT_ROOT)) return path.slice(PROJECT_ROOT.length + 1);
  return path;
}

function packageOf(frame: ProfileNode['callFrame']): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const url = frame.url;
  if (url === '') return '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const nm = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm) return `npm: ${nm[1]}`;
  const own = url.startsWith(OWN_CODE) ? /^([^/]+)\//.exec(url.slice(OWN_CODE.length)) : null;
  if (own) return `mdbkit: ${own[1]}/`;
  return path;
}

function frameName(frame: ProfileNode['callFrame']): string {
  const fn = frame.functionName || '(anonymous)';
  return frame.url ? `${fn} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : fn;
}

function profileFiles(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(target, f));
}

export function summariseProfiles(target: string, options: { top?: number; skipMs?: number } = {}): ProfileSummary {
  const top = options.top ?? 20;
  const skipUs = (options.skipMs ?? 0) * 1000;
  let skipped = 0;
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of profileFiles(target)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let elapsedUs = 0;
    profile.samples.forEach((id, i) => {
      elapsedUs += profile.timeDeltas[i] ?? 0;
      // The delta after a sample is the time it stands for.
      const us = profile.timeDeltas[i + 1] ?? 0;
      const node = byId.get(id)!;
      const msValue = us / 1000;
      if (elapsedUs < skipUs) {
        skipped += msValue;
        return;
      }
      if (node.callFrame.functionName === '(idle)') {
        idle += msValue;
        return;
      }
      total += msValue;
      const name = frameName(node.callFrame);
      self.set(name, (self.get(name) ?? 0) + msValue);
      const pkg = packageOf(node.callFrame);
      packages.set(pkg, (packages.get(pkg) ?? 0) + msValue);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        if (!frame.url.startsWith(OWN_CODE)) continue;
        const key = frameName(frame);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + msValue);
      }
    });
  }
  const ranked = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, msValue]) => ({ name, ms: msValue, share: msValue / total }));
  return {
    skippedMs: skipped,
    totalMs: total,
    idleMs: idle,
    bySelf: ranked(self, top),
    byPackage: ranked(packages, 15),
    inclusiveMdbkit: ranked(inclusive, top),
  };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const rows = (list: ProfileSummary['bySelf']) => list.map((r) => `| ${(100 * r.share).toFixed(1)}% | ${r.ms.toFixed(0)} | \`${r.name}\` |`).join('\n');
  return [
    `CPU time sampled: ${(summary.totalMs / 1000).toFixed(2)} s busy, ${(summary.idleMs / 1000).toFixed(2)} s idle (start-up left out: ${(summary.skippedMs / 1000).toFixed(2)} s)`,
    '',
    '#### Self time by package',
    '',
    '| share | ms | package |',
    '| --- | --- | --- |',
    rows(summary.byPackage),
    '',
    '#### Self time by function',
    '',
    '| share | ms | function |',
    '| --- | --- | --- |',
    rows(summary.bySelf),
    '',
    "#### Inclusive time of mdbkit's own functions",
    '',
    '| share | ms | function |',
    '| --- | --- | --- |',
    rows(summary.inclusiveMdbkit),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: profile-summary.ts DIR|FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const flag = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : undefined;
  };
  process.stdout.write(formatProfileSummary(summariseProfiles(target, { top: flag('--top') ?? 20, skipMs: flag('--skip-ms') ?? 0 })));
}
