// Stopping and continuing a live process tree from outside it, as a test that holds a server's helper script
// in place needs: the tree is read from /proc (host pids), and signals go to every member.
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of every process whose command line matches, and of all their descendants. */
export function processTree(pattern: RegExp): number[] {
  const parents = new Map<number, number>();
  const matching: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const pid = Number(entry);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))) matching.push(pid);
    } catch {
      // the process ended while being read
    }
  }
  const tree = new Set(matching);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a process tree. A scan races with the tree's forks (the SST script forks a subshell for nearly every
 * line), and a stop signal takes effect a moment after kill() returns, so it stops what it found, waits until
 * each of those is stopped, and scans again, until a scan finds no process it has not stopped: a stopped
 * process forks no more. Returns every pid it stopped, so that none is left stopped when the tree is thawed.
 */
export function freezeTree(pattern: RegExp): number[] {
  const stopped = new Set<number>();
  for (let round = 0; round < 50; round++) {
    const fresh = processTree(pattern).filter((pid) => !stopped.has(pid));
    if (fresh.length === 0) break;
    signalAll(fresh, 'SIGSTOP');
    for (const pid of fresh) stopped.add(pid);
    for (let check = 0; check < 1000 && fresh.some((pid) => isRunning(pid)); check++) sleepMs(1);
  }
  return [...stopped];
}

/** Continues what freezeTree stopped, and anything in the tree still stopped (state T), until none is. */
export function thawTree(pattern: RegExp, frozen: number[]): void {
  signalAll(frozen, 'SIGCONT');
  for (let round = 0; round < 20; round++) {
    const stillStopped = processTree(pattern).filter((pid) => processState(pid) === 'T');
    if (stillStopped.length === 0) return;
    signalAll(stillStopped, 'SIGCONT');
  }
}

export function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return ''; // gone
  }
}

/** Neither stopped (T), nor a zombie (Z), nor gone. */
function isRunning(pid: number): boolean {
  return !['T', 'Z', ''].includes(processState(pid));
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
