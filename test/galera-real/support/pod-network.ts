// The pods' network, as a cluster gives it: each pod has a network namespace of its own with one interface
// (eth0) and an address, and every pod reaches every other one. Here a bridge in a namespace of its own (the
// "node") links them, so nothing of the machine's own network changes and two runs at once do not meet.
//
// Each namespace is held open by a process that lives as long as the test process does (`tail --pid`), so a
// run that dies leaves no namespace behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const SUBNET = '10.77.0';

/** A process that holds namespaces open until it is killed or the test process ends. */
export function holder(unshareArgs: string[], setup: string): ChildProcess {
  const child = spawn('unshare', [...unshareArgs, '--', 'bash', '-c', `set -e; ${setup}; exec tail --pid=${process.pid} -f /dev/null`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  return child;
}

/** Runs a command in a process's namespaces; throws with its output when it fails. */
export function inNamespaces(pid: number, spaces: string[], command: string[]): string {
  const run = spawnSync('nsenter', ['--target', String(pid), ...spaces, '--', ...command], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`nsenter ${spaces.join(' ')} ${command.join(' ')} failed (${run.status}): ${run.stderr || run.error?.message}`);
  return run.stdout;
}

/** Waits until a holder is inside its namespaces (its setup ran) or says why it is not. */
export async function holderReady(child: ChildProcess, what: string): Promise<number> {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${what}: unshare did not start`);
  for (let attempt = 0; attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`${what}: unshare exited with ${child.exitCode}: ${String(child.stderr?.read() ?? '')}`);
    const command = spawnSync('cat', [`/proc/${pid}/comm`], { encoding: 'utf8' }).stdout.trim();
    if (command === 'tail') return pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: its namespaces were not set up after 400 checks`);
}

export class PodNetwork {
  private hub?: ChildProcess;
  private hubPid = 0;
  private nextLink = 0;

  async start(): Promise<void> {
    this.hub = holder(['--net'], 'ip link set lo up; ip link add br0 type bridge; ip link set br0 up');
    this.hubPid = await holderReady(this.hub, 'the pod network');
  }

  /** The address pod `ordinal` has: stable per ordinal, as a StatefulSet pod's DNS name is. */
  address(ordinal: number): string {
    return `${SUBNET}.${10 + ordinal}`;
  }

  /** Gives the pod whose namespaces `podPid` holds its eth0 on the bridge. */
  attach(podPid: number, ordinal: number): void {
    const link = `p${this.nextLink++}`;
    inNamespaces(this.hubPid, ['--net'], ['ip', 'link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(podPid)]);
    inNamespaces(this.hubPid, ['--net'], ['ip', 'link', 'set', link, 'master', 'br0', 'up']);
    inNamespaces(podPid, ['--net'], ['sh', '-c', `ip link set lo up && ip addr add ${this.address(ordinal)}/24 dev eth0 && ip link set eth0 up`]);
  }

  stop(): void {
    this.hub?.kill('SIGKILL');
    this.hub = undefined;
  }
}
