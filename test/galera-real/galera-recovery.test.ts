// charts/galera against real MariaDB Galera: three mariadbd processes with Debian's galera-4, each in a pod
// made of Linux namespaces the way a kubelet makes one (support/galera-pod.ts), each started by the chart's
// own galera.sh with the chart's rendered galera.cnf, environment, volumes, probes and preStop hook.
// Every assertion reads the real servers: wsrep status, rows written before and read after, grastate.dat,
// and what galera.sh decided.
//
// The scenarios run in order on one cluster, each starting from the healthy three-node cluster the previous
// one left, as an operator of the chart meets them: a cold start, a crashed server, a clean full stop, a
// full crash, a node lost for good (forceBootstrap), and a node that comes back empty (SST).
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { GaleraCluster, MARIADB } from './support/galera-cluster.js';
import { requireGaleraHost } from './support/galera-host.js';
import { freezeTree, thawTree } from './support/process-tree.js';

// Faster than the defaults where the defaults only cost time: a waiting node asks its peers every second,
// and each node preallocates a small write-set cache instead of 256 MiB.
const TEST_VALUES = {
  'recovery.pollSeconds': 1,
  'galera.gcacheSize': '64M',
  'galera.config': 'innodb_buffer_pool_size = 64M',
  'shutdown.drainSeconds': 2,
};

/** The donor's SST script: wsrep_sst_mariabackup --role 'donor' ... */
const DONOR_SST = /wsrep_sst_mariabackup.*--role.{0,2}donor/;

describe('charts/galera on real MariaDB Galera (mariadbd + galera-4, one pod per namespace)', function () {
  this.bail(true); // each scenario starts from the cluster the previous one left: after a failure, the rest would only mislead
  let cluster: GaleraCluster;
  let history = '';
  let nextRow = 1;

  before(async function () {
    requireGaleraHost(this);
    cluster = new GaleraCluster(TEST_VALUES);
    await cluster.startNetwork();
  });

  afterEach(function () {
    // The servers' and galera.sh's logs outlive a failed scenario, for whoever reads the failure.
    if (this.currentTest?.state === 'failed' && cluster) console.log(`    the pods' logs are kept in ${cluster.keepLogs()}`);
  });

  after(async function () {
    if (cluster) await cluster.destroy();
  });

  /** Writes `count` rows through pod `ordinal`; returns their ids. */
  function write(ordinal: number, count: number): number[] {
    const ids = Array.from({ length: count }, () => nextRow++);
    cluster.mustSql(ordinal, `INSERT INTO shop.orders (id, note) VALUES ${ids.map((id) => `(${id}, 'via ${cluster.pods[ordinal]!.name}')`).join(', ')}`);
    return ids;
  }

  function rows(ordinal: number): number[] {
    const out = cluster.mustSql(ordinal, 'SELECT id FROM shop.orders ORDER BY id');
    return out === '' ? [] : out.split('\n').map(Number);
  }

  function stateUuid(ordinal: number): string {
    return cluster.status(ordinal).wsrep_cluster_state_uuid ?? '';
  }

  /** Every node Synced in one primary component of `size`, with the first history and the same rows. */
  function assertOneHistory(size: number, expectedRows: number[]): void {
    const running = cluster.pods.filter((pod) => pod.running).map((pod) => pod.ordinal);
    assert.equal(running.length, size);
    for (const i of running) {
      assert.ok(cluster.isSynced(i, size), `${cluster.pods[i]!.name} is Synced in a primary component of ${size}\n${cluster.describe()}`);
      assert.equal(stateUuid(i), history, `${cluster.pods[i]!.name} keeps the cluster's history (state UUID)`);
      assert.deepEqual(rows(i), expectedRows, `${cluster.pods[i]!.name} has every row`);
    }
  }

  function allRows(): number[] {
    return rows(cluster.pods.findIndex((pod) => pod.running));
  }

  it('a cold start of three empty nodes forms one cluster, bootstrapped by node 0; a node is ready only once it is Synced', async function () {
    await cluster.startAll();
    // A probe takes time and the state moves on (a Synced node becomes a donor for the next joiner): each
    // sample reads the state just before and just after the probe, and a ready probe needs Synced at one end.
    const samples: Array<{ ordinal: number; ready: boolean; states: string[] }> = [];
    const state = (ordinal: number) => {
      const status = cluster.status(ordinal);
      return `${status.wsrep_local_state_comment ?? 'no server'} ${status.wsrep_cluster_status ?? ''}`.trim();
    };
    let livenessFailures = 0;
    let round = 0;
    await cluster.until('three Synced nodes', () => {
      round++;
      for (const pod of cluster.pods) {
        const before = state(pod.ordinal);
        const ready = pod.probe(MARIADB, 'readinessProbe').ok;
        samples.push({ ordinal: pod.ordinal, ready, states: [before, state(pod.ordinal)] });
        if (round % 4 === 0 && !pod.probe(MARIADB, 'livenessProbe').ok) livenessFailures++;
      }
      return cluster.pods.every((pod) => cluster.isSynced(pod.ordinal));
    });

    for (const pod of cluster.pods) {
      const own = samples.filter((s) => s.ordinal === pod.ordinal);
      const firstReady = own.findIndex((s) => s.ready);
      assert.ok((firstReady === -1 ? own.length : firstReady) > 0, `${pod.name} was not ready before it was Synced`);
      for (const sample of own.filter((s) => s.ready))
        assert.ok(sample.states.includes('Synced Primary'), `${pod.name} was ready only when Synced and Primary, not ${sample.states.join(' then ')}`);
    }
    assert.equal(livenessFailures, 0, 'no liveness probe failed while the cluster formed');
    await cluster.until('every readiness probe passes', () => cluster.pods.every((pod) => pod.probe(MARIADB, 'readinessProbe').ok), 40);

    assert.match(cluster.pods[0]!.decisions().join('\n'), /bootstrap a new cluster: all 3 nodes are empty, and node 0 bootstraps/);
    for (const pod of cluster.pods.slice(1)) assert.match(pod.decisions().join('\n'), /^join node \d is in a primary component$/m);
    history = stateUuid(0);
    assert.match(history, /^[0-9a-f]{8}-[0-9a-f-]{27}$/);

    cluster.mustSql(0, 'CREATE DATABASE shop');
    cluster.mustSql(1, 'CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(64))');
    const written = [...write(0, 3), ...write(1, 3), ...write(2, 3)];
    assertOneHistory(3, written);
  });

  it('a killed server restarts in its pod and rejoins by IST, without a snapshot and without losing a row', async function () {
    const pod = cluster.pods[2]!;
    pod.signal(MARIADB, 'SIGKILL');
    assert.ok(await pod.exited(MARIADB), 'the container ended');
    await cluster.until('the other two form a primary component of 2', () => cluster.isSynced(0, 2) && cluster.isSynced(1, 2));
    const written = write(0, 5);
    assert.equal(pod.grastate()?.seqno, -1, 'a killed server leaves no seqno in grastate.dat');

    await pod.startContainer(MARIADB); // what the kubelet does after a container dies
    await cluster.untilAllSynced();
    const log = pod.currentLog(MARIADB);
    assert.match(log, /mariadbd --wsrep-recover/, 'galera.sh recovered the seqno the crash left out of grastate.dat');
    assert.match(log, /IST received: [0-9a-f-]{36}:\d+/);
    // mariabackup's SST script always runs on a joiner; the donor tells it that IST is enough.
    assert.match(log, /received from donor: Running IST/, 'no snapshot was needed');
    assert.doesNotMatch(log, /SST completed on joiner/, 'no snapshot was needed');
    assert.deepEqual(
      pod.decisions().filter((d) => !d.startsWith('exec ') && !d.startsWith('node ') && !d.startsWith('grastate')),
      ['join node 0 is in a primary component'],
    );
    assert.ok(allRows().includes(written.at(-1)!));
    assertOneHistory(3, allRows());
  });

  it('after a clean stop of all three, started in any order, the node with safe_to_bootstrap bootstraps and the others join', async function () {
    const before = [...allRows(), ...write(1, 4)];

    // The first node leaves through the chart's preStop hook: not ready at once (the Service stops sending
    // it clients), alive (no restart in the middle of a shutdown), then SHUTDOWN before the kubelet's SIGTERM.
    const first = cluster.pods[0]!;
    const deleted = first.delete();
    await cluster.until(
      `${first.name} is not ready once its preStop hook runs`,
      () => /not ready: the node is stopping/.test(first.probe(MARIADB, 'readinessProbe').output),
      400,
      25,
    );
    assert.ok(first.probe(MARIADB, 'livenessProbe').ok, `${first.name} stays alive while it stops`);
    await deleted;
    assert.match(
      first.hookOutput.get(MARIADB) ?? '',
      /stop: SHUTDOWN: the node leaves the cluster\n.*stop: the server is gone/,
      'the hook shut the server down and saw it go',
    );
    assert.match(
      first.currentLog(MARIADB),
      /initiated by: root\[root\] @ localhost \[\]\): Normal shutdown[\s\S]*WSREP: Received SELF-LEAVE[\s\S]*mariadbd: Shutdown complete/,
      "the hook's SHUTDOWN (not the kubelet's SIGTERM) stopped the server, which left the cluster",
    );
    await cluster.until('the others carry on as a primary component of 2', () => cluster.isSynced(1, 2) && cluster.isSynced(2, 2), 40);

    for (const pod of cluster.pods.slice(1)) await pod.delete(); // one after another, as a drain of every node would
    const states = cluster.pods.map((pod) => pod.grastate()!);
    for (const state of states) {
      assert.equal(state.uuid, history);
      assert.ok(state.seqno >= 0, 'a clean stop writes the seqno');
    }
    assert.deepEqual(
      states.map((s) => s.safeToBootstrap),
      [false, false, true],
      'the last node to leave is safe to bootstrap',
    );

    // Node 0 and node 1 first: without node 2's answer nobody may bootstrap.
    await cluster.pods[0]!.create();
    await cluster.pods[1]!.create();
    for (const pod of cluster.pods.slice(0, 2)) {
      await cluster.until(`${pod.name} waits for its peers`, () => pod.decisions().some((d) => d.startsWith('wait no node is safe to bootstrap')));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // three more polls of theirs
    for (const pod of cluster.pods.slice(0, 2)) assert.ok(!pod.decisions().some((d) => d.startsWith('exec ')), `${pod.name} started no server without node 2`);

    await cluster.pods[2]!.create();
    await cluster.untilAllSynced();
    assert.ok(cluster.pods[2]!.decisions().includes('bootstrap safe_to_bootstrap: 1: this node left the cluster last (seqno ' + states[2]!.seqno + ')'));
    for (const pod of cluster.pods.slice(0, 2)) assert.ok(pod.decisions().includes('join node 2 is in a primary component'), pod.decisions().join('\n'));
    assertOneHistory(3, before);
  });

  it('after all three crash, the node with the highest recovered seqno bootstraps the same history, whatever starts first', async function () {
    await cluster.pods[0]!.delete(false); // a node dies
    await cluster.until('nodes 1 and 2 stay primary', () => cluster.isSynced(1, 2) && cluster.isSynced(2, 2));
    const laterRows = write(1, 5); // node 0 never sees these
    const before = allRows();
    await Promise.all([cluster.pods[1]!.delete(false), cluster.pods[2]!.delete(false)]);
    for (const pod of cluster.pods) assert.equal(pod.grastate()!.seqno, -1, `${pod.name} crashed: no seqno saved`);

    // The node with the oldest data starts first, alone: it must wait for every seqno.
    await cluster.pods[0]!.create();
    await cluster.until('node 0 waits for all seqnos', () =>
      cluster.pods[0]!.decisions().some((d) => d.startsWith('wait no node is safe to bootstrap (a crash)')),
    );
    await cluster.pods[2]!.create();
    await cluster.pods[1]!.create();
    await cluster.untilAllSynced();

    const decisions = cluster.pods.map((pod) => pod.decisions().join('\n'));
    assert.match(decisions[1]!, /bootstrap this node has the highest seqno \(\d+\) of all 3 nodes/, 'nodes 1 and 2 tie; the lower ordinal bootstraps');
    assert.doesNotMatch(decisions[0]!, /^bootstrap/m);
    assert.doesNotMatch(decisions[2]!, /^bootstrap/m);
    for (const pod of cluster.pods) assert.match(pod.currentLog(MARIADB), /mariadbd --wsrep-recover/);
    assert.ok(before.includes(laterRows.at(-1)!));
    assertOneHistory(3, before);
  });

  it('recovery.forceBootstrap bootstraps the named node without waiting for a node lost for good, and loses what only the others had', async function () {
    await cluster.pods[2]!.delete(false);
    await cluster.until('nodes 0 and 1 stay primary', () => cluster.isSynced(0, 2) && cluster.isSynced(1, 2));
    const kept = allRows();
    const lost = write(0, 3); // node 2 never sees these
    await Promise.all([cluster.pods[0]!.delete(false), cluster.pods[1]!.delete(false)]);

    // Node 0 is lost for good (its Kubernetes node is gone with its volume): nodes 1 and 2 wait for it.
    await cluster.pods[1]!.create();
    await cluster.pods[2]!.create();
    for (const pod of [cluster.pods[1]!, cluster.pods[2]!]) {
      await cluster.until(`${pod.name} waits for node 0`, () =>
        pod.decisions().some((d) => d.startsWith('wait no node is safe to bootstrap (a crash): all 3 nodes must report their seqno, 2 have')),
      );
    }

    // helm upgrade --set recovery.forceBootstrap=true --set recovery.forceBootstrapFrom=2: the pods are re-created.
    cluster.upgrade({ 'recovery.forceBootstrap': true, 'recovery.forceBootstrapFrom': 2 });
    for (const i of [2, 1]) {
      await cluster.pods[i]!.delete();
      await cluster.pods[i]!.create();
    }
    await cluster.until('nodes 1 and 2 form a primary component of 2', () => cluster.isSynced(1, 2) && cluster.isSynced(2, 2));
    assert.match(
      cluster.pods[2]!.decisions().join('\n'),
      /^bootstrap forced by recovery\.forceBootstrap: transactions that only other nodes had are lost when they join$/m,
    );
    // Node 1 had applied more than node 2: Galera would abort it ("Reversing history"); it gives its history up.
    assert.doesNotMatch(cluster.pods[1]!.decisions().join('\n'), /^bootstrap/m);
    assert.match(cluster.pods[1]!.decisions().join('\n'), /^recovery\.forceBootstrap names node 2: this node's own history is set aside/m);
    assert.match(cluster.pods[1]!.currentLog(MARIADB), /mariabackup SST completed on joiner/, 'node 1 received a full snapshot');
    assert.deepEqual(rows(1), kept, `the rows only node 0 and 1 had (${lost.join(', ')}) are gone, as the documentation warns`);
    assert.deepEqual(rows(2), kept);
    assert.equal(stateUuid(1), history);
    assert.equal(stateUuid(2), history);
  });

  it('setting recovery.forceBootstrap back is a rolling restart: each pod rejoins the running cluster by IST and nobody bootstraps', async function () {
    cluster.upgrade({ 'recovery.forceBootstrap': false }); // as the value's documentation says, once the cluster is up
    const before = allRows();
    for (const i of [2, 1]) {
      const pod = cluster.pods[i]!;
      await pod.delete();
      await pod.create();
      await cluster.until(`${pod.name} rejoins`, () => cluster.isSynced(1, 2) && cluster.isSynced(2, 2));
      assert.doesNotMatch(pod.decisions().join('\n'), /^bootstrap/m, 'with a primary component up, nobody bootstraps');
      assert.doesNotMatch(pod.decisions().join('\n'), /set aside/, 'no history is set aside any more');
      assert.match(pod.currentLog(MARIADB), /received from donor: Running IST/, `${pod.name} needed no snapshot`);
    }
    const added = write(1, 2);
    assert.deepEqual(rows(1), [...before, ...added]);
    assert.deepEqual(rows(2), rows(1));
  });

  it('a node that comes back empty receives a snapshot (SST); joiner and donor are not ready meanwhile, and liveness never fails', async function () {
    const replaced = cluster.pods[0]!;
    rmSync(replaced.claimDir, { recursive: true, force: true }); // a new volume for the lost node
    const expected = allRows();
    await replaced.create();

    // Hold the snapshot where it is: stop the donor's SST script and everything it started.
    let frozen: number[] = [];
    await cluster.until(
      'the donor starts its SST script',
      () => {
        frozen = freezeTree(DONOR_SST);
        return frozen.length > 0;
      },
      2400,
      50,
    );
    const donor = cluster.pods.find((pod) => pod.ordinal !== 0 && cluster.status(pod.ordinal).wsrep_local_state_comment === 'Donor/Desynced');
    try {
      assert.ok(donor, `a donor is Donor/Desynced\n${cluster.describe()}`);
      const livenessThreshold = Number(cluster.chart.statefulSet.spec.template.spec.containers[0].livenessProbe.failureThreshold);
      for (let check = 0; check <= livenessThreshold; check++) {
        for (const pod of [replaced, donor]) {
          const ready = pod.probe(MARIADB, 'readinessProbe');
          assert.equal(ready.ok, false, `${pod.name} is not ready during the snapshot`);
          assert.ok(pod.probe(MARIADB, 'livenessProbe').ok, `${pod.name} stays alive during the snapshot (check ${check + 1})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.match(replaced.probe(MARIADB, 'readinessProbe').output, /not ready: the server does not answer/);
      assert.match(donor.probe(MARIADB, 'readinessProbe').output, /wsrep_local_state=2 \(4 is Synced\)/);
    } finally {
      thawTree(DONOR_SST, frozen);
    }
    await cluster.untilAllSynced();
    assert.match(replaced.currentLog(MARIADB), /mariabackup SST completed on joiner/, 'a full snapshot, not IST');
    assertOneHistory(3, expected);
    for (const pod of cluster.pods) assert.ok(pod.probe(MARIADB, 'readinessProbe').ok);
  });
});
