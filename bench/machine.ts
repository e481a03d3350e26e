// The facts a benchmark figure means nothing without: which CPU, how many cores, which Node, when, and which
// code (the commit, and the files changed since it, since a working tree is often what gets measured).
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { MIB } from './memory.js';

export interface MachineFacts {
  cpu: string;
  /** Logical cores of the machine. */
  cores: number;
  /** Cores this process may use (cgroups, affinity). */
  availableCores: number;
  memoryMiB: number;
  os: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started: above a few tenths, something else was running too. */
  loadAverageAtStart: number;
  /** The commit measured and the files changed since (bench/ left out), when git can tell. */
  code?: { commit: string; changedFiles: string[] };
}

function codeState(cwd: string): MachineFacts['code'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const commit = git('rev-parse', '--short', 'HEAD').trim();
    const changedFiles = git('status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((path) => path !== '' && !path.startsWith('bench/'));
    return { commit, changedFiles };
  } catch {
    return undefined;
  }
}

export function machineFacts(projectRoot: string): MachineFacts {
  const code = codeState(projectRoot);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    availableCores: availableParallelism(),
    memoryMiB: Math.round(totalmem() / MIB),
    os: `${osType()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg()[0] ?? NaN,
    ...(code ? { code } : {}),
  };
}
