// One pod of the chart's StatefulSet, run the way a kubelet runs it, with real processes: a network and UTS
// namespace for the pod (its own address and hostname), a mount namespace per container where the rendered
// volumeMounts are bind mounts (ConfigMap files, memory-backed emptyDirs, the pod's claim), the containers'
// rendered commands and environment (fieldRef and secretKeyRef resolved), run as the mysql user, and the
// rendered exec probes and preStop hook run inside the container's namespaces.
//
// The image is this machine's Debian MariaDB and Galera plus two stand-ins under support/image/: the official
// image's /etc/mysql layout and its entrypoint (the parts the chart depends on). Nothing of galera.sh or
// galera.cnf is re-implemented or rewritten: the ConfigMaps' files are mounted where the chart mounts them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Obj } from '../../support/chart-objects.js';
import { holder, holderReady, type PodNetwork } from './pod-network.js';
import { NAMESPACE, type RenderedGalera } from './rendered-galera.js';

const IMAGE_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'image');
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const RUN_AS = 'mysql';

export interface ProbeResult {
  ok: boolean;
  output: string;
}

interface RunningContainer {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
}

function mysqlIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, RUN_AS], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export class GaleraPod {
  readonly name: string;
  /** The pod's claim (the `data` volumeClaimTemplate): it outlives the pod, as a PVC does. */
  readonly claimDir: string;
  private podDir = '';
  private sandbox?: ChildProcess;
  private sandboxPid = 0;
  private generation = 0;
  private readonly containers = new Map<string, RunningContainer>();
  private readonly starts = new Map<string, number>();
  /** Each container's log file of its last start: kept when the pod is deleted, as `kubectl logs` keeps it for a while. */
  private readonly lastLogs = new Map<string, string>();
  /** What each container's preStop hook printed during the last delete(). */
  readonly hookOutput = new Map<string, string>();

  /** The rendered chart this pod was created from: a `helm upgrade` reaches a pod when it is re-created. */
  private chart: RenderedGalera;

  constructor(
    private readonly root: string,
    /** The chart as currently rendered (the StatefulSet's current template). */
    private readonly currentChart: () => RenderedGalera,
    readonly ordinal: number,
    private readonly network: PodNetwork,
  ) {
    this.chart = currentChart();
    this.name = `${this.chart.name}-${ordinal}`;
    this.claimDir = join(root, 'claims', `data-${this.name}`);
  }

  get podSpec(): Obj {
    return this.chart.statefulSet.spec.template.spec;
  }

  private container(name: string): Obj {
    const found = (this.podSpec.containers as Obj[]).find((c) => c.name === name);
    if (!found) throw new Error(`the StatefulSet has no container ${name}`);
    return found;
  }

  get containerNames(): string[] {
    return (this.podSpec.containers as Obj[]).map((c) => c.name as string);
  }

  /** Where an emptyDir or ConfigMap volume of the current pod lives on this machine. */
  volumeDir(volume: string): string {
    return join(this.podDir, 'volumes', volume);
  }

  /** The server's socket, as the `socket` emptyDir holds it. */
  get socketPath(): string {
    return join(this.volumeDir('socket'), 'mysqld.sock');
  }

  /** The node's saved Galera state (grastate.dat in the claim's data directory), or undefined before any. */
  grastate(): { uuid: string; seqno: number; safeToBootstrap: boolean } | undefined {
    const file = join(this.claimDir, 'data', 'grastate.dat');
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? '';
    return { uuid: field('uuid'), seqno: Number(field('seqno')), safeToBootstrap: field('safe_to_bootstrap') === '1' };
  }

  /** What galera.sh decided, in order, over the container's current start. */
  decisions(): string[] {
    return this.currentLog('mariadb')
      .split('\n')
      .filter((line) => line.includes(' [galera] '))
      .map((line) => line.slice(line.indexOf(' [galera] ') + 10));
  }

  get address(): string {
    return this.network.address(this.ordinal);
  }

  get running(): boolean {
    return this.sandbox !== undefined;
  }

  /** The image's files, with the mount points the chart's volumes need inside them (git keeps no empty folder). */
  private get imageDir(): string {
    const dir = join(this.root, 'image');
    if (!existsSync(dir)) {
      cpSync(IMAGE_SOURCE, dir, { recursive: true });
      mkdirSync(join(dir, 'etc-mysql', 'conf.d'), { recursive: true });
    }
    return dir;
  }

  /** Creates the pod (new emptyDirs, the claim kept) and starts every container. */
  async create(): Promise<void> {
    this.generation += 1;
    this.chart = this.currentChart();
    this.podDir = join(this.root, 'pods', `${this.name}-${this.generation}`);
    const ids = mysqlIds();
    mkdirSync(this.claimDir, { recursive: true });
    chownSync(this.claimDir, ids.uid, ids.gid); // fsGroup makes the claim writable for the server's user
    for (const volume of this.podSpec.volumes as Obj[]) this.makeVolume(volume, ids);
    writeFileSync(join(this.podDir, 'hosts'), this.hostsFile());
    this.sandbox = holder(['--net', '--uts'], `hostname ${quote(this.name)}`);
    this.sandboxPid = await holderReady(this.sandbox, `pod ${this.name}`);
    this.network.attach(this.sandboxPid, this.ordinal);
    for (const name of this.containerNames) await this.startContainer(name);
  }

  private makeVolume(volume: Obj, ids: { uid: number; gid: number }): void {
    const dir = this.volumeDir(volume.name);
    mkdirSync(dir, { recursive: true });
    if (volume.configMap) {
      const data = this.chart.configMaps.get(volume.configMap.name);
      if (!data) throw new Error(`volume ${volume.name}: no ConfigMap ${volume.configMap.name} in the rendered chart`);
      const items: Obj[] = volume.configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      const mode = volume.configMap.defaultMode ?? 0o644;
      for (const item of items) {
        const value = data[item.key];
        if (value === undefined) throw new Error(`volume ${volume.name}: ConfigMap ${volume.configMap.name} has no key ${item.key}`);
        writeFileSync(join(dir, item.path), value, { mode: item.mode ?? mode });
      }
    } else if (volume.emptyDir) {
      chownSync(dir, ids.uid, ids.gid);
    } else {
      throw new Error(`volume ${volume.name}: only configMap and emptyDir volumes are run here`);
    }
  }

  /** What the headless Service's DNS answers for each peer, and the pod's own entry, as a pod's /etc/hosts. */
  private hostsFile(): string {
    const lines = ['127.0.0.1 localhost'];
    for (let i = 0; i < this.chart.replicas; i++) {
      const pod = `${this.chart.name}-${i}`;
      lines.push(
        `${this.network.address(i)} ${pod}.${this.chart.statefulSet.spec.serviceName}.${NAMESPACE}.svc.cluster.local${i === this.ordinal ? ` ${pod}` : ''}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  /** The container's environment as the kubelet resolves it. */
  environment(containerName: string): Record<string, string> {
    const env: Record<string, string> = { PATH: IMAGE_PATH, HOSTNAME: this.name };
    for (const entry of (this.container(containerName).env ?? []) as Obj[]) {
      if (entry.value !== undefined) {
        env[entry.name] = String(entry.value);
      } else if (entry.valueFrom?.fieldRef) {
        const field = entry.valueFrom.fieldRef.fieldPath;
        const fields: Record<string, string> = { 'metadata.name': this.name, 'metadata.namespace': NAMESPACE, 'status.podIP': this.address };
        if (!(field in fields)) throw new Error(`env ${entry.name}: fieldRef ${field} is not resolved here`);
        env[entry.name] = fields[field]!;
      } else if (entry.valueFrom?.secretKeyRef) {
        const { name, key } = entry.valueFrom.secretKeyRef;
        const value = this.chart.secrets.get(name)?.[key];
        if (value === undefined) throw new Error(`env ${entry.name}: no key ${key} in Secret ${name}`);
        env[entry.name] = value;
      } else {
        throw new Error(`env ${entry.name}: this kind of value is not resolved here`);
      }
    }
    return env;
  }

  /** The container's mounts, as bind mounts in its own mount namespace; the image's files first. */
  private mountScript(containerName: string): string {
    const mounts: Array<{ source: string; target: string; readOnly: boolean }> = [
      { source: join(this.imageDir, 'etc-mysql'), target: '/etc/mysql', readOnly: true },
      { source: this.imageDir, target: '/usr/local/bin', readOnly: true },
      { source: join(this.podDir, 'hosts'), target: '/etc/hosts', readOnly: true },
    ];
    const own = [...((this.container(containerName).volumeMounts ?? []) as Obj[])].sort((a, b) => {
      // /tmp last: this machine's temporary folder holds the sources of the other mounts.
      const rank = (m: Obj) => (m.mountPath === '/tmp' ? 1 : 0);
      return rank(a) - rank(b) || a.mountPath.split('/').length - b.mountPath.split('/').length;
    });
    for (const mount of own) {
      const source = mount.name === 'data' ? this.claimDir : this.volumeDir(mount.name);
      mounts.push({ source, target: mount.mountPath, readOnly: mount.readOnly === true });
    }
    return mounts
      .map(({ source, target, readOnly }) => {
        // A container runtime creates missing mount points in the image's filesystem; here that is the machine's.
        const make = `[ -e ${quote(target)} ] || mkdir -p ${quote(target)}`;
        const bind = `mount --bind ${quote(source)} ${quote(target)}`;
        return readOnly ? `${make}; ${bind}; mount -o remount,bind,ro ${quote(target)}` : `${make}; ${bind}`;
      })
      .join('; ');
  }

  private runAs(): string[] {
    return ['setpriv', `--reuid=${RUN_AS}`, `--regid=${RUN_AS}`, '--init-groups', '--'];
  }

  /** Starts (or restarts, as the kubelet does after a crash) one container; its volumes are kept. */
  async startContainer(name: string): Promise<void> {
    if (!this.sandbox) throw new Error(`pod ${this.name} is not running`);
    const previous = this.containers.get(name);
    if (previous && previous.child.exitCode === null && previous.child.signalCode === null) throw new Error(`${this.name}/${name} is still running`);
    const start = (this.starts.get(name) ?? 0) + 1;
    this.starts.set(name, start);
    const log = join(this.root, 'logs', `${this.name}-${this.generation}-${name}-${start}.log`);
    mkdirSync(dirname(log), { recursive: true });
    const fd = openSync(log, 'a');
    const command = this.container(name).command as string[];
    const setup = `set -e; ${this.mountScript(name)}; exec "$@"`;
    const child = spawn(
      'nsenter',
      [
        '--target',
        String(this.sandboxPid),
        '--net',
        '--uts',
        '--',
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'bash',
        '-c',
        setup,
        'container-setup',
        ...this.runAs(),
        ...command,
      ],
      {
        cwd: '/',
        env: this.environment(name),
        stdio: ['ignore', fd, fd],
        detached: true, // its own process group: killing the container kills what it started
      },
    );
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    if (child.pid === undefined) throw new Error(`${this.name}/${name} did not start`);
    this.containers.set(name, { child, pid: child.pid, exited });
    this.lastLogs.set(name, log);
    await this.untilSetUp(child, name);
  }

  /** Until the container's mounts are in place (its command runs in its own mount namespace). */
  private async untilSetUp(child: ChildProcess, name: string): Promise<void> {
    const ownMounts = readlinkSync('/proc/self/ns/mnt');
    for (let attempt = 0; attempt < 400; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null) return; // it failed: its log says why
      try {
        const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
        if (readlinkSync(`/proc/${child.pid}/ns/mnt`) !== ownMounts && !cmdline.includes('container-setup')) return;
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${this.name}/${name}: its mounts were not set up after 400 checks`);
  }

  isRunning(name: string): boolean {
    const container = this.containers.get(name);
    return container !== undefined && container.child.exitCode === null && container.child.signalCode === null;
  }

  /** The output of the container's current (last) start, also once the pod is deleted. */
  currentLog(name: string): string {
    const log = this.lastLogs.get(name);
    return log && existsSync(log) ? readFileSync(log, 'utf8') : '';
  }

  /** nsenter's arguments and the environment for a command in a running container, as its user. */
  private entry(name: string, command: string[]): { args: string[]; env: Record<string, string> } | undefined {
    const container = this.containers.get(name);
    if (!container || !this.isRunning(name)) return undefined;
    return { args: ['--target', String(container.pid), '--net', '--uts', '--mount', '--', ...this.runAs(), ...command], env: this.environment(name) };
  }

  /** Runs a command in the container's namespaces with its environment, as `kubectl exec` and exec probes do. */
  exec(name: string, command: string[], timeoutSeconds = 30): ProbeResult {
    const entry = this.entry(name, command);
    if (!entry) return { ok: false, output: `container ${name} is not running` };
    const run = spawnSync('nsenter', entry.args, { cwd: '/', env: entry.env, encoding: 'utf8', timeout: timeoutSeconds * 1000 });
    return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() };
  }

  /** Like exec(), without blocking: a hook runs while the test probes the pod. */
  execAsync(name: string, command: string[], timeoutSeconds = 30): Promise<ProbeResult> {
    const entry = this.entry(name, command);
    if (!entry) return Promise.resolve({ ok: false, output: `container ${name} is not running` });
    const child = spawn('nsenter', entry.args, { cwd: '/', env: entry.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutSeconds * 1000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.once('close', (code) => resolve({ ok: code === 0, output: output.trim() })));
  }

  /** The container's readiness or liveness probe, as rendered (exec probes only). */
  probe(name: string, which: 'readinessProbe' | 'livenessProbe'): ProbeResult {
    const probe = this.container(name)[which] as Obj | undefined;
    if (!probe?.exec) throw new Error(`${name} has no exec ${which}`);
    return this.exec(name, probe.exec.command, probe.timeoutSeconds ?? 1);
  }

  /** Sends a signal to the container's main process (SIGKILL: the whole container, as a crash or OOM kill). */
  signal(name: string, signal: NodeJS.Signals): void {
    const container = this.containers.get(name);
    if (!container || !this.isRunning(name)) return;
    if (signal === 'SIGKILL') {
      try {
        process.kill(-container.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    } else {
      container.child.kill(signal);
    }
  }

  /** Waits for the container to exit, polling `attempts` times; true when it did. */
  async exited(name: string, attempts = 1200): Promise<boolean> {
    const container = this.containers.get(name);
    if (!container) return true;
    let done = false;
    void container.exited.then(() => (done = true));
    for (let i = 0; i < attempts && !done; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    return done;
  }

  /**
   * Deletes the pod as the kubelet does: each container's preStop hook, then SIGTERM, then after the grace
   * period SIGKILL. `graceful: false` is a node that dies: SIGKILL at once, no hook. The claim is kept.
   */
  async delete(graceful = true): Promise<void> {
    if (!this.sandbox) return;
    this.hookOutput.clear();
    if (graceful) {
      const graceSeconds = Number(this.podSpec.terminationGracePeriodSeconds ?? 30);
      await Promise.all(
        this.containerNames.map(async (name) => {
          const hook = this.container(name).lifecycle?.preStop?.exec?.command as string[] | undefined;
          if (hook && this.isRunning(name)) this.hookOutput.set(name, (await this.execAsync(name, hook, graceSeconds)).output);
          this.signal(name, 'SIGTERM');
          if (!(await this.exited(name, graceSeconds * 10))) this.signal(name, 'SIGKILL');
        }),
      );
    }
    for (const name of this.containerNames) this.signal(name, 'SIGKILL');
    for (const name of this.containerNames) await this.exited(name, 600);
    this.sandbox.kill('SIGKILL');
    this.sandbox = undefined;
    this.containers.clear();
    rmSync(join(this.podDir, 'volumes'), { recursive: true, force: true }); // emptyDirs go with the pod
  }
}
