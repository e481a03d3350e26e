// Which core the server under test runs on and which one the load generator gets: on a shared machine a
// server that the scheduler moves around, or that competes with its own load generator, measures the
// scheduler. `taskset` pins a process (it execs the command, so the pid stays the server's own).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Pinning {
  /** The core every server under test is pinned to, if pinning is possible. */
  server?: number;
  /** The core the load generator is pinned to. */
  load?: number;
  /** For the report: what was done. */
  description: string;
}

/** `0-3,6` → [0, 1, 2, 3, 6] */
function parseCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.trim().split('-').map(Number);
    if (from === undefined || Number.isNaN(from)) return [];
    const last = to === undefined || Number.isNaN(to) ? from : to;
    return Array.from({ length: last - from + 1 }, (_, i) => from + i);
  });
}

/** The cores this process may run on (a container may be limited to a few of the machine's). */
function allowedCores(): number[] {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (line) return parseCpuList(line);
  } catch {
    // Not Linux: no /proc.
  }
  return Array.from({ length: availableParallelism() }, (_, i) => i);
}

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function choosePinning(): Pinning {
  if (!hasTaskset()) return { description: 'none: taskset not found' };
  const cores = allowedCores();
  if (cores.length < 2) return { description: `none: only ${cores.length} core allowed` };
  return { server: cores[0], load: cores[1], description: `servers on core ${cores[0]}, load generator on core ${cores[1]} (taskset)` };
}

/** The command and arguments that run `argv` pinned to `core` (unchanged without one). */
export function pinned(core: number | undefined, argv: readonly string[]): { command: string; args: string[] } {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('pinned: empty command');
  return core === undefined ? { command, args } : { command: 'taskset', args: ['-c', String(core), command, ...args] };
}
