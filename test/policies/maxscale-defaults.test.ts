// The MaxScale defaults the operator applies (MaxScale.SetDefaults and what it calls), with its names and
// values, and the same defaults for the MaxScale a MariaDB embeds (operator 25.10).
import { strict as assert } from 'node:assert';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { mariadbPolicy } from '../../policies/mariadb/mariadb-policy.js';
import { maxscalePolicy } from '../../policies/maxscale/maxscale-policy.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { harness } from '../support/policy-harness.js';

type Obj = Record<string, any>;

const maxscales = harness(maxscalePolicy);
const mariadbs = harness(mariadbPolicy);

const mariadb = (spec: Obj, name = 'db'): Obj => ({
  apiVersion: 'k8s.mariadb.com/v1alpha1',
  kind: 'MariaDB',
  metadata: { name, namespace: 'default' },
  spec: { replicas: 3, storage: { size: '1Gi' }, ...spec },
});
const GALERA = mariadb({ galera: { enabled: true } });
const maxscale = (spec: Obj): Obj => ({ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'mxs', namespace: 'default' }, spec });
const byHand = (spec: Obj = {}): Obj => maxscale({ servers: [{ name: 's0', address: '10.0.0.1' }], monitor: { module: 'mariadbmon' }, ...spec });

function ctx(cluster: Obj[] = [GALERA], extra: Partial<PolicyContext> = {}): PolicyContext {
  return {
    operation: 'CREATE',
    group: 'k8s.mariadb.com',
    namespace: 'default',
    clusterDomain: 'cluster.local',
    reader: new ListClusterReader(cluster as KubeObject[]),
    ...extra,
  };
}

async function defaulted(object: Obj, context = ctx()): Promise<Obj> {
  return (await maxscales.default(object, context)).object;
}

describe('MaxScale defaults, as the operator sets them', () => {
  it('requeues every 30s and runs as a ServiceAccount named after the MaxScale', async () => {
    const out = await defaulted(maxscale({ mariaDbRef: { name: 'db' } }));
    assert.equal(out.spec.requeueInterval, '30s');
    assert.equal(out.spec.serviceAccountName, 'mxs');
    const given = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, requeueInterval: '1m', serviceAccountName: 'sa' }));
    assert.deepEqual([given.spec.requeueInterval, given.spec.serviceAccountName], ['1m', 'sa']);
  });

  it('fills the config volume claim key by key: a claim with only access modes still gets 100Mi', async () => {
    const modes = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, config: { volumeClaimTemplate: { accessModes: ['ReadWriteMany'] } } }));
    assert.deepEqual(modes.spec.config.volumeClaimTemplate, { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Mi' } } });
    const size = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, config: { volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } } } } }));
    assert.deepEqual(size.spec.config.volumeClaimTemplate, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  });

  it('names the client, server and monitor users without mariaDbRef too, but does not turn generate on', async () => {
    const out = await defaulted(byHand());
    assert.equal(out.spec.auth.generate, undefined);
    for (const user of ['client', 'server', 'monitor']) {
      assert.equal(out.spec.auth[`${user}Username`], `mxs-${user}`);
      assert.deepEqual(out.spec.auth[`${user}PasswordSecretKeyRef`], { name: `mxs-${user}`, key: 'password', generate: true });
      assert.equal(out.spec.auth[`${user}MaxConnections`], 30);
    }
    assert.equal(out.spec.auth.syncUsername, undefined);
    assert.equal(out.spec.auth.adminUsername, 'mariadb-operator');
  });

  it('gives mariadbmon its failover parameters only when the operator infers it from a MariaDB', async () => {
    const repl = await defaulted(maxscale({ mariaDbRef: { name: 'repl' } }), ctx([mariadb({ replication: { enabled: true } }, 'repl')]));
    assert.deepEqual(repl.spec.monitor.params, { auto_failover: 'true', auto_rejoin: 'true', switchover_on_low_disk_space: 'true' });
    assert.equal((await defaulted(byHand())).spec.monitor.params, undefined);
  });

  it('with metrics enabled: the metrics user and Secret, and the exporter on 9105', async () => {
    const out = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, metrics: { enabled: true } }));
    assert.equal(out.spec.auth.metricsUsername, 'metrics');
    assert.deepEqual(out.spec.auth.metricsPasswordSecretKeyRef, { name: 'mxs-metrics', key: 'password', generate: true });
    assert.equal(out.spec.metrics.exporter.port, 9105);
    const off = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, metrics: { enabled: false } }));
    assert.equal(off.spec.auth.metricsUsername, undefined);
    assert.equal(off.spec.metrics.exporter, undefined);
  });

  it('turns TLS on when the MariaDB requires it, trusting its CA bundle and presenting its client certificate', async () => {
    const required = mariadb({ replication: { enabled: true }, tls: { enabled: true, required: true } }, 'repl');
    const out = await defaulted(maxscale({ mariaDbRef: { name: 'repl' } }), ctx([required]));
    assert.deepEqual(out.spec.tls, {
      enabled: true,
      replicationSSLEnabled: true,
      serverCASecretRef: { name: 'repl-ca-bundle' },
      serverCertSecretRef: { name: 'repl-client-cert' },
    });
    const ownCert = { ...required, spec: { ...required.spec, tls: { enabled: true, required: true, clientCertSecretRef: { name: 'mine' } } } };
    assert.deepEqual((await defaulted(maxscale({ mariaDbRef: { name: 'repl' } }), ctx([ownCert]))).spec.tls.serverCertSecretRef, { name: 'mine' });
    const optional = mariadb({ galera: { enabled: true }, tls: { enabled: true } });
    assert.equal((await defaulted(maxscale({ mariaDbRef: { name: 'db' } }), ctx([optional]))).spec.tls, undefined);
    const disabled = await defaulted(maxscale({ mariaDbRef: { name: 'repl' }, tls: { enabled: false } }), ctx([required]));
    assert.deepEqual(disabled.spec.tls, { enabled: false });
  });

  it('keeps pods off the nodes of the MaxScale and its MariaDB when antiAffinityEnabled', async () => {
    const out = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, affinity: { antiAffinityEnabled: true } }));
    assert.deepEqual(out.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, [
      {
        labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: ['mxs', 'db'] }] },
        topologyKey: 'kubernetes.io/hostname',
      },
    ]);
    const own = { requiredDuringSchedulingIgnoredDuringExecution: [] };
    const given = await defaulted(maxscale({ mariaDbRef: { name: 'db' }, affinity: { antiAffinityEnabled: true, podAntiAffinity: own } }));
    assert.deepEqual(given.spec.affinity.podAntiAffinity, own);
    assert.equal((await defaulted(maxscale({ mariaDbRef: { name: 'db' }, affinity: {} }))).spec.affinity.podAntiAffinity, undefined);
  });

  it('defaulting twice equals defaulting once', async () => {
    for (const object of [
      maxscale({ mariaDbRef: { name: 'db' }, replicas: 3, metrics: { enabled: true, exporter: { affinity: { antiAffinityEnabled: true } } } }),
      byHand({ replicas: 2, affinity: { antiAffinityEnabled: true } }),
    ]) {
      const once = await defaulted(object);
      assert.deepEqual(await defaulted(once), once);
    }
  });
});

describe('the MaxScale a MariaDB embeds (spec.maxScale, operator 25.10)', () => {
  const withMaxScale = (maxScale: Obj, spec: Obj = { galera: { enabled: true } }): Obj => mariadb({ ...spec, maxScale });
  const defaultedMariaDB = async (object: Obj): Promise<Obj> => (await mariadbs.default(object, ctx([], { operatorVersion: '25.10' }))).object;

  it('is left alone at operator 26.6, which has no spec.maxScale (the schema reports it)', async () => {
    const out = (await mariadbs.default(withMaxScale({ enabled: true }), ctx([], { operatorVersion: '26.6' }))).object as Obj;
    assert.deepEqual(out.spec.maxScale, { enabled: true });
  });

  it('gets the defaults of the MaxScale the operator builds from it, named <mariadb>-maxscale', async () => {
    const out = (await defaultedMariaDB(withMaxScale({ enabled: true }))).spec.maxScale;
    assert.equal(out.enabled, true);
    assert.equal(out.replicas, 1);
    assert.equal(out.requeueInterval, '30s');
    assert.deepEqual(out.services, [
      { name: 'rw-router', router: 'readwritesplit', listener: { name: 'rw-router-listener', port: 3306, protocol: 'MariaDBProtocol' } },
    ]);
    assert.deepEqual(out.monitor, { module: 'galeramon', name: 'galeramon-monitor', interval: '2s' });
    assert.equal(out.auth.generate, true);
    assert.equal(out.auth.clientUsername, 'db-maxscale-client');
    assert.deepEqual(out.auth.adminPasswordSecretKeyRef, { name: 'db-maxscale-admin', key: 'password', generate: true });
    // What belongs to the MaxScale resource, not to the MariaDB's spec.maxScale.
    for (const field of ['servers', 'mariaDbRef', 'serviceAccountName', 'podSecurityContext']) assert.equal(out[field], undefined, field);
  });

  it('infers mariadbmon for replication, with its failover parameters, and TLS when the MariaDB requires it', async () => {
    const out = (await defaultedMariaDB(withMaxScale({ enabled: true }, { replication: { enabled: true }, tls: { enabled: true, required: true } }))).spec
      .maxScale;
    assert.equal(out.monitor.module, 'mariadbmon');
    assert.equal(out.monitor.params.auto_failover, 'true');
    assert.deepEqual(out.tls, {
      enabled: true,
      replicationSSLEnabled: true,
      serverCASecretRef: { name: 'db-ca-bundle' },
      serverCertSecretRef: { name: 'db-client-cert' },
    });
  });

  it('keeps what the user wrote, defaults only an enabled one, and defaulting twice equals once', async () => {
    const given = (await defaultedMariaDB(withMaxScale({ enabled: true, replicas: 2, monitor: { interval: '5s' } }))).spec.maxScale;
    assert.equal(given.replicas, 2);
    assert.equal(given.monitor.interval, '5s');
    assert.equal(given.monitor.cooperativeMonitoring, 'majority_of_all');
    assert.equal(given.auth.syncUsername, 'db-maxscale-sync');
    assert.deepEqual((await defaultedMariaDB(withMaxScale({ enabled: false }))).spec.maxScale, { enabled: false });
    const once = await defaultedMariaDB(withMaxScale({ enabled: true, metrics: { enabled: true } }));
    assert.deepEqual(await defaultedMariaDB(once), once);
  });
});
