// CPU accounting from /proc, for a shared machine. How busy a core was during a load phase, and by whom:
// the server (or load generator) pinned to it, or something else (other people's builds and tests, the hypervisor's
// steal); a phase where other work took a real share of the server's core measured the neighbours as much as
// the server, and the report says so. And CPU time per request or per run, which the neighbours hardly
// change, so that a comparison stays fair when wall times do not. Linux only; elsewhere left out.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's counters: USER_HZ, 100 on every Linux architecture node runs on. */
const TICKS_PER_SECOND = 100;

/** Busy ticks of a core since boot: user, nice, system, irq, softirq, steal. */
function coreBusyTicks(core: number): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return undefined;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return user! + nice! + system! + irq! + softirq! + steal!;
  } catch {
    return undefined;
  }
}

/** User and system ticks of a process (all its threads) since it started. */
function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return fields[11]! + fields[12]!;
  } catch {
    return undefined;
  }
}

export interface CoreShares {
  /** CPU time the server process used (all its threads), seconds. */
  serverSeconds: number;
  /** Share of the core's time the server process used (0..1). */
  server: number;
  /** Share of the core's time everything else used, steal included (0..1). */
  others: number;
}

const clamp = (share: number) => Math.max(0, Math.min(1, share));

/** Starts watching `core` and the process `pid` on it; call the result at the end of the phase. */
export function watchCore(core: number | undefined, pid: number): () => CoreShares | undefined {
  const busy = watchCoreBusy(core);
  const startTicks = processTicks(pid);
  return () => {
    const endTicks = processTicks(pid);
    const phase = busy();
    if (!phase || startTicks === undefined || endTicks === undefined) return undefined;
    const serverSeconds = (endTicks - startTicks) / TICKS_PER_SECOND;
    return { serverSeconds, server: clamp(serverSeconds / phase.elapsedSeconds), others: clamp((phase.busySeconds - serverSeconds) / phase.elapsedSeconds) };
  };
}

/** Starts measuring how busy `core` is; the result gives its busy seconds and the seconds elapsed. */
export function watchCoreBusy(core: number | undefined): () => { busySeconds: number; elapsedSeconds: number } | undefined {
  if (core === undefined) return () => undefined;
  const start = coreBusyTicks(core);
  const startedAt = performance.now();
  return () => {
    const end = coreBusyTicks(core);
    if (start === undefined || end === undefined) return undefined;
    return { busySeconds: (end - start) / TICKS_PER_SECOND, elapsedSeconds: (performance.now() - startedAt) / 1000 };
  };
}

/**
 * CPU time (user + system) of this process's children that have exited and been waited for, in seconds:
 * read before and after a synchronous child run, the difference is that run's CPU time. Unlike wall time,
 * other people's work on a shared machine hardly changes it. Undefined off Linux.
 */
export function exitedChildrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // cutime and cstime: fields 16 and 17 of proc(5), here counted from field 3.
    return (fields[13]! + fields[14]!) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Wall and CPU times of `runs` runs of a child process run synchronously by `run`. */
export function timeChildRuns(runs: number, run: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuBefore = exitedChildrenCpuSeconds();
    const start = process.hrtime.bigint();
    run();
    wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    const cpuAfter = exitedChildrenCpuSeconds();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
  }
  return { wall, cpu };
}
