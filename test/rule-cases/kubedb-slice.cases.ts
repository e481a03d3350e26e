// Cases of the rules that follow a distributed KubeDB MariaDB to its PlacementPolicy and the PlacementPolicy to
// its KubeSlice SliceConfig (policies/kubedb/*slice*), built from the distributed Galera seed's own trio.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../policies/kube-object.js';
import { FIXTURES_DIR } from '../support/fixtures.js';
import type { RuleCase } from '../support/rule-cases.js';

const SEED_DIR = join(FIXTURES_DIR, 'examples/seed-001-kubedb');
const seedObjects: KubeObject[] = readdirSync(SEED_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(SEED_DIR, f), 'utf8')).map((d) => d.toJS() as KubeObject))
  .filter((o) => o && typeof o === 'object');
const seed = (kind: string, group: string): KubeObject => structuredClone(seedObjects.find((o) => o.kind === kind && o.apiVersion?.startsWith(group))!);

const mariadb = seed('MariaDB', 'kubedb.com');
const placement = seed('PlacementPolicy', 'apps.k8s.appscode.com');
const slice = seed('SliceConfig', 'controller.kubeslice.io');
const withSpec = (object: KubeObject, spec: Record<string, unknown>): KubeObject => ({ ...object, spec: { ...object.spec, ...spec } });

export const cases: RuleCase[] = [
  {
    rule: 'kubedb/namespace-not-in-slice',
    name: "the seed's trio: namespace demo onboarded in every cluster",
    object: mariadb,
    cluster: [placement, slice],
    fires: false,
  },
  {
    rule: 'kubedb/namespace-not-in-slice',
    name: 'the SliceConfig onboards only the operator namespace',
    object: mariadb,
    cluster: [placement, withSpec(slice, { namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'kubedb', clusters: ['*'] }] } })],
    fires: true,
    path: 'spec.podTemplate.spec.podPlacementPolicy.name',
  },
  {
    rule: 'kubedb/placement-cluster-not-in-slice',
    name: 'spec.ocm form: a cluster the slice (found by name in any namespace) does not have',
    object: placement,
    cluster: [withSpec(slice, { clusters: ['demo-controller'] })],
    fires: true,
    path: 'spec.ocm.distributionRules[1].clusterName',
  },
  {
    rule: 'kubedb/placement-cluster-not-in-slice',
    name: "spec.ocm form: the seed's slice has both clusters",
    object: placement,
    cluster: [slice],
    fires: false,
  },
  {
    rule: 'kubedb/slice-config-not-found',
    name: 'spec.ocm form: no SliceConfig of that name anywhere',
    object: placement,
    fires: true,
    path: 'spec.ocm.sliceName',
    severity: 'warning',
  },
];
