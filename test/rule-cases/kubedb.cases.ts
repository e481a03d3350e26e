// Cases of the KubeDB rules with a CEL twin in their hand-written CRD schemas (schemas/kubedb.com/,
// schemas/controller.kubeslice.io/): the MariaDB (kubedb.com) topology, storage, halt and placement rules and
// the SliceConfig's cluster, QoS and subnet rules. Objects are as users write them, before KubeDB's defaults,
// which is what the API server's CEL sees when no webhook runs.
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

const STORAGE = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

function mariadb(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kubedb.com/v1', kind: 'MariaDB', metadata: { name: 'db', namespace: 'demo' }, spec: { version: '11.5.2', storage: STORAGE, ...spec } };
}

function slice(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'controller.kubeslice.io/v1alpha1',
    kind: 'SliceConfig',
    metadata: { name: 'demo-slice', namespace: 'kubeslice-demo' },
    spec: {
      sliceSubnet: '10.1.0.0/16',
      clusters: ['cluster-0', 'cluster-1', 'cluster-2'],
      qosProfileDetails: { priority: 1, bandwidthCeilingKbps: 5120, bandwidthGuaranteedKbps: 2560, dscpClass: 'AF11' },
      ...spec,
    },
  };
}

/** A SliceConfig without one of the fields the valid one has. */
const sliceWithout = (field: string, spec: Record<string, unknown> = {}): KubeObject => {
  const object = slice(spec);
  delete (object.spec as Record<string, unknown>)[field];
  return object;
};
const withoutQos = (spec: Record<string, unknown>): KubeObject => sliceWithout('qosProfileDetails', spec);

const placement = (name: unknown) => ({ podTemplate: { spec: { podPlacementPolicy: name === undefined ? {} : { name } } } });

export const cases: RuleCase[] = [
  // kubedb/replicas-below-one
  { rule: 'kubedb/replicas-below-one', name: 'zero replicas', object: mariadb({ replicas: 0 }), fires: true, path: 'spec.replicas' },
  { rule: 'kubedb/replicas-below-one', name: 'a negative count', object: mariadb({ replicas: -1 }), fires: true, path: 'spec.replicas' },
  { rule: 'kubedb/replicas-below-one', name: 'replicas unset (1)', object: mariadb({}), fires: false },
  { rule: 'kubedb/replicas-below-one', name: 'one replica', object: mariadb({ replicas: 1 }), fires: false },

  // kubedb/cluster-too-few-replicas
  { rule: 'kubedb/cluster-too-few-replicas', name: 'two replicas make a Galera cluster', object: mariadb({ replicas: 2 }), fires: true, path: 'spec.replicas' },
  {
    rule: 'kubedb/cluster-too-few-replicas',
    name: 'a replication topology with the default single replica',
    object: mariadb({ topology: { mode: 'MariaDBReplication' } }),
    fires: true,
    path: 'spec.replicas',
  },
  {
    rule: 'kubedb/cluster-too-few-replicas',
    name: 'an empty topology with one replica (Galera by default)',
    object: mariadb({ replicas: 1, topology: {} }),
    fires: true,
    path: 'spec.replicas',
  },
  { rule: 'kubedb/cluster-too-few-replicas', name: 'a standalone server', object: mariadb({ replicas: 1 }), fires: false },
  {
    rule: 'kubedb/cluster-too-few-replicas',
    name: 'a three-node Galera cluster',
    object: mariadb({ replicas: 3, topology: { mode: 'GaleraCluster' } }),
    fires: false,
  },
  {
    rule: 'kubedb/cluster-too-few-replicas',
    name: 'zero replicas are kubedb/replicas-below-one',
    object: mariadb({ replicas: 0, topology: {} }),
    fires: false,
  },
  {
    rule: 'kubedb/cluster-too-few-replicas',
    name: 'two replicas while recovering from an archiver',
    object: mariadb({ replicas: 2, init: { archiver: { recoveryTimestamp: '2024-01-01T00:00:00Z' } } }),
    fires: false,
  },

  // kubedb/durable-storage-required
  {
    rule: 'kubedb/durable-storage-required',
    name: 'Durable by default, without spec.storage',
    object: { apiVersion: 'kubedb.com/v1', kind: 'MariaDB', metadata: { name: 'db', namespace: 'demo' }, spec: { version: '11.5.2' } },
    fires: true,
    path: 'spec.storage',
  },
  {
    rule: 'kubedb/durable-storage-required',
    name: 'storage without a size',
    object: mariadb({ storage: { accessModes: ['ReadWriteOnce'] } }),
    fires: true,
    path: 'spec.storage.resources.requests.storage',
  },
  {
    rule: 'kubedb/durable-storage-required',
    name: 'a zero size',
    object: mariadb({ storageType: 'Durable', storage: { resources: { requests: { storage: '0Gi' } } } }),
    fires: true,
    path: 'spec.storage.resources.requests.storage',
  },
  {
    rule: 'kubedb/durable-storage-required',
    name: 'a zero size written as a number',
    object: mariadb({ storage: { resources: { requests: { storage: 0 } } } }),
    fires: true,
    path: 'spec.storage.resources.requests.storage',
  },
  { rule: 'kubedb/durable-storage-required', name: 'a 1Gi volume', object: mariadb({}), fires: false },
  {
    rule: 'kubedb/durable-storage-required',
    name: 'half a gigabyte',
    object: mariadb({ storage: { resources: { requests: { storage: '0.5Gi' } } } }),
    fires: false,
  },
  {
    rule: 'kubedb/durable-storage-required',
    name: 'Ephemeral storage needs no spec.storage',
    object: {
      apiVersion: 'kubedb.com/v1',
      kind: 'MariaDB',
      metadata: { name: 'db', namespace: 'demo' },
      spec: { version: '11.5.2', storageType: 'Ephemeral' },
    },
    fires: false,
  },

  // kubedb/halt-with-ephemeral
  {
    rule: 'kubedb/halt-with-ephemeral',
    name: 'deletionPolicy Halt on Ephemeral storage',
    object: mariadb({ storageType: 'Ephemeral', deletionPolicy: 'Halt' }),
    fires: true,
    path: 'spec.deletionPolicy',
  },
  {
    rule: 'kubedb/halt-with-ephemeral',
    name: 'halted: true (Halt by default) on Ephemeral storage',
    object: mariadb({ storageType: 'Ephemeral', halted: true }),
    fires: true,
    path: 'spec.deletionPolicy',
  },
  {
    rule: 'kubedb/halt-with-ephemeral',
    name: 'Ephemeral storage deleted with the database',
    object: mariadb({ storageType: 'Ephemeral', deletionPolicy: 'WipeOut' }),
    fires: false,
  },
  {
    rule: 'kubedb/halt-with-ephemeral',
    name: 'Halt on Durable storage (the default)',
    object: mariadb({ deletionPolicy: 'Halt', halted: true }),
    fires: false,
  },

  // kubedb/halted-do-not-terminate
  {
    rule: 'kubedb/halted-do-not-terminate',
    name: 'halting a DoNotTerminate database',
    object: mariadb({ halted: true, deletionPolicy: 'DoNotTerminate' }),
    fires: true,
    path: 'spec.halted',
  },
  {
    rule: 'kubedb/halted-do-not-terminate',
    name: 'DoNotTerminate, running',
    object: mariadb({ halted: false, deletionPolicy: 'DoNotTerminate' }),
    fires: false,
  },
  { rule: 'kubedb/halted-do-not-terminate', name: 'halted with deletionPolicy Halt', object: mariadb({ halted: true, deletionPolicy: 'Halt' }), fires: false },

  // kubedb/distributed-without-placement-policy
  {
    rule: 'kubedb/distributed-without-placement-policy',
    name: 'distributed without a pod template',
    object: mariadb({ replicas: 3, distributed: true }),
    fires: true,
    path: 'spec.podTemplate.spec.podPlacementPolicy',
  },
  {
    rule: 'kubedb/distributed-without-placement-policy',
    name: 'distributed with an empty policy name',
    object: mariadb({ replicas: 3, distributed: true, ...placement('') }),
    fires: true,
    path: 'spec.podTemplate.spec.podPlacementPolicy',
  },
  {
    rule: 'kubedb/distributed-without-placement-policy',
    name: 'distributed naming a PlacementPolicy',
    object: mariadb({ replicas: 3, distributed: true, ...placement('distributed-mariadb') }),
    cluster: [
      {
        apiVersion: 'apps.k8s.appscode.com/v1',
        kind: 'PlacementPolicy',
        metadata: { name: 'distributed-mariadb' },
        spec: { clusterSpreadConstraint: { distributionRules: [{ clusterName: 'a', replicaIndices: [0, 1, 2] }] } },
      },
    ],
    fires: false,
  },
  { rule: 'kubedb/distributed-without-placement-policy', name: 'not distributed', object: mariadb({ replicas: 3, distributed: false }), fires: false },

  // kubedb/slice-duplicate-cluster
  {
    rule: 'kubedb/slice-duplicate-cluster',
    name: 'a cluster listed twice',
    object: slice({ clusters: ['a', 'b', 'a'] }),
    fires: true,
    path: 'spec.clusters[2]',
  },
  { rule: 'kubedb/slice-duplicate-cluster', name: 'distinct clusters', object: slice({ clusters: ['a', 'b'] }), fires: false },

  // kubedb/slice-too-many-clusters
  {
    rule: 'kubedb/slice-too-many-clusters',
    name: 'three clusters with maxClusters 2',
    object: slice({ clusters: ['a', 'b', 'c'], maxClusters: 2 }),
    fires: true,
    path: 'spec.clusters',
  },
  {
    rule: 'kubedb/slice-too-many-clusters',
    name: '17 clusters with the default maxClusters (16)',
    object: slice({ clusters: Array.from({ length: 17 }, (_, i) => `cluster-${i}`) }),
    fires: true,
    path: 'spec.clusters',
  },
  { rule: 'kubedb/slice-too-many-clusters', name: 'two clusters with maxClusters 2', object: slice({ clusters: ['a', 'b'], maxClusters: 2 }), fires: false },
  {
    rule: 'kubedb/slice-too-many-clusters',
    name: 'a repeat is counted once (it is kubedb/slice-duplicate-cluster)',
    object: slice({ clusters: ['a', 'b', 'a'], maxClusters: 2 }),
    fires: false,
  },

  // kubedb/slice-qos-profile-required
  { rule: 'kubedb/slice-qos-profile-required', name: 'no QoS profile at all', object: withoutQos({}), fires: true, path: 'spec.qosProfileDetails' },
  {
    rule: 'kubedb/slice-qos-profile-required',
    name: 'both an inline and a named profile',
    object: slice({ standardQosProfileName: 'gold' }),
    fires: true,
    path: 'spec.standardQosProfileName',
  },
  { rule: 'kubedb/slice-qos-profile-required', name: 'an empty profile name counts as none', object: withoutQos({ standardQosProfileName: '' }), fires: true },
  { rule: 'kubedb/slice-qos-profile-required', name: 'an inline profile', object: slice({}), fires: false },
  { rule: 'kubedb/slice-qos-profile-required', name: 'a named profile', object: withoutQos({ standardQosProfileName: 'gold' }), fires: false },

  // kubedb/slice-bandwidth-guarantee-above-ceiling
  {
    rule: 'kubedb/slice-bandwidth-guarantee-above-ceiling',
    name: 'a guarantee above the ceiling',
    object: slice({ qosProfileDetails: { priority: 1, bandwidthCeilingKbps: 1000, bandwidthGuaranteedKbps: 2000, dscpClass: 'AF11' } }),
    fires: true,
    path: 'spec.qosProfileDetails.bandwidthGuaranteedKbps',
  },
  {
    rule: 'kubedb/slice-bandwidth-guarantee-above-ceiling',
    name: 'a guarantee equal to the ceiling',
    object: slice({ qosProfileDetails: { priority: 1, bandwidthCeilingKbps: 1000, bandwidthGuaranteedKbps: 1000, dscpClass: 'AF11' } }),
    fires: false,
  },

  // kubedb/slice-subnet-invalid
  { rule: 'kubedb/slice-subnet-invalid', name: 'a public network', object: slice({ sliceSubnet: '8.8.0.0/16' }), fires: true, path: 'spec.sliceSubnet' },
  { rule: 'kubedb/slice-subnet-invalid', name: 'a /24', object: slice({ sliceSubnet: '10.1.0.0/24' }), fires: true, path: 'spec.sliceSubnet' },
  {
    rule: 'kubedb/slice-subnet-invalid',
    name: 'a third octet that is not 0',
    object: slice({ sliceSubnet: '192.168.3.0/16' }),
    fires: true,
    path: 'spec.sliceSubnet',
  },
  {
    rule: 'kubedb/slice-subnet-invalid',
    name: '172.32 is outside 172.16.0.0/12',
    object: slice({ sliceSubnet: '172.32.0.0/16' }),
    fires: true,
    path: 'spec.sliceSubnet',
  },
  { rule: 'kubedb/slice-subnet-invalid', name: 'no slice subnet', object: sliceWithout('sliceSubnet'), fires: true, path: 'spec.sliceSubnet' },
  { rule: 'kubedb/slice-subnet-invalid', name: '10.1.0.0/16', object: slice({}), fires: false },
  { rule: 'kubedb/slice-subnet-invalid', name: '172.31.0.0/16', object: slice({ sliceSubnet: '172.31.0.0/16' }), fires: false },
  { rule: 'kubedb/slice-subnet-invalid', name: '192.168.0.0/16', object: slice({ sliceSubnet: '192.168.0.0/16' }), fires: false },
];
