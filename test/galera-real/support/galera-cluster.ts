// The chart's StatefulSet as a set of real pods (support/galera-pod.ts) on one pod network, and what the
// scenarios ask of the running servers: SQL over each pod's socket as root (the chart's Secret), the wsrep
// status, and waiting for a state with a bounded number of checks (the bound catches a hang; it is not a
// speed assertion: on a loaded machine a check simply comes later).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GaleraPod } from './galera-pod.js';
import { PodNetwork } from './pod-network.js';
import { renderGalera, type RenderedGalera } from './rendered-galera.js';

export const MARIADB = 'mariadb';

export type WsrepStatus = Record<string, string>;

const live = new Set<GaleraCluster>();
process.once('exit', () => {
  for (const cluster of live) cluster.killEverything();
});
// A test run stopped from outside (Ctrl-C, a CI timeout) takes its servers with it; 'exit' alone does not run then.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const cluster of live) cluster.killEverything();
    process.kill(process.pid, signal);
  });
}

export class GaleraCluster {
  chart: RenderedGalera;
  /** The values the chart was installed with; upgrade() adds to them. */
  values: Record<string, string | number | boolean>;
  readonly pods: GaleraPod[];
  readonly root: string;
  private readonly network = new PodNetwork();

  constructor(values: Record<string, string | number | boolean> = {}) {
    this.chart = renderGalera(values);
    this.values = values;
    this.root = mkdtempSync(join(tmpdir(), 'mdbkit-galera-'));
    this.pods = Array.from({ length: this.chart.replicas }, (_, i) => new GaleraPod(this.root, () => this.chart, i, this.network));
    live.add(this);
  }

  get rootPassword(): string {
    const secret = this.chart.statefulSet.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'MARIADB_ROOT_PASSWORD').valueFrom
      .secretKeyRef;
    return this.chart.secrets.get(secret.name)![secret.key]!;
  }

  /**
   * `helm upgrade` with these values: the StatefulSet's template changes, and each pod takes it when it is
   * re-created. The Secret keeps its passwords, as the chart's `lookup` keeps them on a real upgrade.
   */
  upgrade(values: Record<string, string | number | boolean>): void {
    this.values = { ...this.values, ...values };
    const next = renderGalera(this.values);
    this.chart = { ...next, secrets: this.chart.secrets };
  }

  async startNetwork(): Promise<void> {
    await this.network.start();
  }

  /** The mariadb client on pod `ordinal`'s socket, as root with the chart's password. */
  private client(ordinal: number, query: string, extra: string[], timeoutMs: number) {
    return spawnSync(
      MARIADB,
      ['--protocol=socket', `--socket=${this.pods[ordinal]!.socketPath}`, '--user=root', '--batch', '--skip-column-names', ...extra, `--execute=${query}`],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', MYSQL_PWD: this.rootPassword },
        timeout: timeoutMs,
      },
    );
  }

  /** A query on pod `ordinal`'s server as root; undefined when the server does not answer. */
  sql(ordinal: number, query: string): string | undefined {
    if (!this.pods[ordinal]!.running) return undefined;
    const run = this.client(ordinal, query, ['--connect-timeout=5'], 30_000);
    return run.status === 0 ? run.stdout.trim() : undefined;
  }

  /** Like sql(), but a failure is an error that names the pod and what the server said. */
  mustSql(ordinal: number, query: string): string {
    const run = this.client(ordinal, query, [], 60_000);
    if (run.status !== 0) throw new Error(`${this.pods[ordinal]!.name}: ${query}: ${run.stderr.trim() || run.error?.message}`);
    return run.stdout.trim();
  }

  /** The server's wsrep status variables (names in lower case); empty when it does not answer. */
  status(ordinal: number): WsrepStatus {
    const out = this.sql(ordinal, "SHOW GLOBAL STATUS LIKE 'wsrep%'");
    const status: WsrepStatus = {};
    for (const line of (out ?? '').split('\n')) {
      const [name, value = ''] = line.split('\t');
      if (name) status[name.toLowerCase()] = value;
    }
    return status;
  }

  /** Synced in a primary component of `size` nodes. */
  isSynced(ordinal: number, size = this.chart.replicas): boolean {
    const s = this.status(ordinal);
    return s.wsrep_local_state_comment === 'Synced' && s.wsrep_cluster_status === 'Primary' && s.wsrep_cluster_size === String(size);
  }

  /**
   * Checks `condition` every `intervalMs` until it holds, at most `attempts` times; fails with the
   * description and every pod's state when it never does.
   */
  async until(description: string, condition: () => boolean, attempts = 600, intervalMs = 250): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      if (condition()) return;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    throw new Error(`${description}: not after ${attempts} checks\n${this.describe()}`);
  }

  /** Every pod's wsrep state and the tail of its logs, for a failure message. */
  describe(): string {
    return this.pods
      .map((pod, i) => {
        const s = this.status(i);
        const state = pod.running
          ? `${s.wsrep_local_state_comment ?? 'no answer'} ${s.wsrep_cluster_status ?? ''} size ${s.wsrep_cluster_size ?? '?'}`
          : 'not running';
        const tail = pod.currentLog(MARIADB).split('\n').slice(-12).join('\n      ');
        return `  ${pod.name}: ${state}\n      ${tail}`;
      })
      .join('\n');
  }

  async startAll(): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.create()));
  }

  async untilAllSynced(attempts = 600): Promise<void> {
    await this.until(`all ${this.pods.length} nodes Synced in one primary component`, () => this.pods.every((_, i) => this.isSynced(i)), attempts);
  }

  /** Copies every pod's logs out of the cluster's folder (which destroy() removes); returns where. */
  keepLogs(): string {
    const kept = mkdtempSync(join(tmpdir(), 'mdbkit-galera-logs-'));
    cpSync(join(this.root, 'logs'), kept, { recursive: true });
    return kept;
  }

  /** Tears every pod down (SIGKILL) and removes the claims: nothing outlives the suite. */
  async destroy(): Promise<void> {
    for (const pod of this.pods) await pod.delete(false);
    this.network.stop();
    rmSync(this.root, { recursive: true, force: true });
    live.delete(this);
  }

  /** Last resort at process exit: no waiting, no cleanup of files. */
  killEverything(): void {
    for (const pod of this.pods) for (const name of pod.containerNames) pod.signal(name, 'SIGKILL');
    this.network.stop();
  }
}
