// Every manifest of the seed document, and every object a real API server sent in the captured
// admission traffic, must pass the schema check unchanged: these are what users actually write.
import { strict as assert } from 'node:assert';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { admissionRequests, manifestsIn } from '../support/fixtures.js';

const validator = new SchemaValidator();

describe('schemas accept what users write', () => {
  const seeds = manifestsIn('examples/seed-000-maxscale');

  it('finds the seed manifests', async () => {
    assert.equal(seeds.length, 15);
  });

  for (const { file, index, object } of seeds) {
    it(`accepts ${file}#${index} (${String(object.kind)})`, async () => {
      assert.deepEqual(await validator.validate(object), []);
    });
  }

  for (const { file, body } of admissionRequests()) {
    const { request } = body;
    if (request.kind.kind === 'Scale') continue; // a Scale is an autoscaling/v1 object, not one of ours
    for (const [label, object] of [
      ['object', request.object],
      ['oldObject', request.oldObject],
    ] as const) {
      if (!object) continue;
      it(`accepts the ${label} of ${file}`, async () => {
        assert.deepEqual(await validator.validate(object), []);
      });
    }
  }

  it('serves the same shapes under k8s.mariadb.com at operator 25.10, the line the Enterprise Operator follows', async () => {
    const at2510 = new SchemaValidator(validator.schemas, new Map([['k8s.mariadb.com', '25.10']]));
    for (const { object } of seeds) {
      const community = { ...object, apiVersion: 'k8s.mariadb.com/v1alpha1' };
      assert.deepEqual(await at2510.validate(community), [], `${String(object.kind)} under k8s.mariadb.com`);
    }
  });

  it('at the community default (26.6) differs only where the operator removed a field: the embedded spec.maxScale', async () => {
    const findings = (
      await Promise.all(seeds.map(async ({ object }) => (await validator.validate({ ...object, apiVersion: 'k8s.mariadb.com/v1alpha1' })) ?? []))
    ).flat();
    assert.ok(findings.length > 0, 'a seed embeds a MaxScale in its MariaDB');
    for (const finding of findings) {
      assert.equal(finding.rule, 'schema/not-in-operator-version', finding.message);
      assert.equal(finding.path, 'spec.maxScale');
    }
  });

  it('does not claim kinds it has no schema for', async () => {
    assert.equal(await validator.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }), undefined);
    assert.equal(await validator.validate({ apiVersion: 'enterprise.mariadb.com/v2', kind: 'MaxScale' }), undefined);
  });
});
