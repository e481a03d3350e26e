// Cases of the MariaDB topology rules (policies/mariadb/mariadb-topology-rules.ts).
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

function mariadb(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'db' }, spec: { storage: { size: '1Gi' }, ...spec } };
}

export const cases: RuleCase[] = [
  {
    rule: 'mariadb/galera-and-replication',
    name: 'Galera and replication both enabled',
    object: mariadb({ replicas: 3, galera: { enabled: true }, replication: { enabled: true } }),
    fires: true,
    path: 'spec.replication.enabled',
  },
  {
    rule: 'mariadb/galera-and-replication',
    name: 'Galera only',
    object: mariadb({ replicas: 3, galera: { enabled: true } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-and-replication',
    name: 'replication enabled, Galera written out as disabled',
    object: mariadb({ replicas: 3, galera: { enabled: false }, replication: { enabled: true } }),
    fires: false,
  },
];
