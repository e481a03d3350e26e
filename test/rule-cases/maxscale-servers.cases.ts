// Cases of the MaxScale server rules (policies/maxscale/maxscale-server-rules.ts).
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

function maxscale(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'mxs' }, spec };
}

export const cases: RuleCase[] = [
  {
    rule: 'maxscale/servers-or-mariadbref-required',
    name: 'neither servers nor mariaDbRef',
    object: maxscale({}),
    fires: true,
  },
  {
    rule: 'maxscale/servers-or-mariadbref-required',
    name: 'a mariaDbRef',
    object: maxscale({ mariaDbRef: { name: 'db' } }),
    cluster: [{ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'db', namespace: 'default' }, spec: { replicas: 1 } }],
    fires: false,
  },
];
