// Per-item rules stop early when a list already fails its schema's maxItems: a SliceConfig may list at most 32
// clusters, and one listing 100,000 (each twice) got 100,000 duplicate findings from its rules, about an object
// the schema check refuses anyway. The schema's finding stays; the kind's rules say why they did not run.
import { strict as assert } from 'node:assert';
import { OFFLINE_READER } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { createPolicyEngine } from '../../policies/registry.js';

const engine = createPolicyEngine();
const ctx = {
  operation: 'CREATE' as const,
  group: 'controller.kubeslice.io',
  namespace: 'kubeslice-demo',
  clusterDomain: 'cluster.local',
  reader: OFFLINE_READER,
};
const slice = (clusters: string[]): KubeObject => ({
  apiVersion: 'controller.kubeslice.io/v1alpha1',
  kind: 'SliceConfig',
  metadata: { name: 'demo-slice', namespace: 'kubeslice-demo' },
  spec: { sliceSubnet: '10.1.0.0/16', maxClusters: 32, standardQosProfileName: 'profile-1', clusters },
});

describe('rules over a list past its maxItems', () => {
  it('judges a list within its bound item by item', async () => {
    const judgement = (await engine.validate(slice(['worker-1', 'worker-2', 'worker-1']), ctx))!;
    assert.deepEqual(
      judgement.findings.map((f) => [f.rule, f.path]),
      [['kubedb/slice-duplicate-cluster', 'spec.clusters[2]']],
    );
  });

  it('reports only the schema’s finding for 100,000 clusters, and says why the kind’s rules were skipped', async () => {
    const clusters = Array.from({ length: 100_000 }, (_, i) => `worker-${i % 50_000}`);
    const judgement = (await engine.validate(slice(clusters), ctx))!;
    assert.deepEqual(
      judgement.findings.filter((f) => !f.rule.startsWith('schema/') || f.rule === 'schema/max-items').map((f) => [f.rule, f.path]),
      [['schema/max-items', 'spec.clusters']],
    );
    const duplicate = judgement.results.find((r) => r.rule === 'kubedb/slice-duplicate-cluster')!;
    assert.equal(duplicate.status, 'skip');
    assert.equal(duplicate.reason, "spec.clusters has more items than the schema allows (schema/max-items): the kind's rules judge the object once it fits");
    assert.equal(judgement.results.find((r) => r.rule === 'schema/max-items')!.status, 'fail');
  });
});
