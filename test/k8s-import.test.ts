import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  buildK8sDefinitionsSchema,
  K8S_SCHEMA_ID,
  renderK8sDefinitionsSchema,
  type K8sDefinitionsBuild,
} from '../generator/k8s-import/build-k8s-definitions-schema.js';

// ajv-formats is CommonJS; under NodeNext its default import is the whole module.exports.
const addFormats = addFormatsModule.default;

const COMMITTED_SCHEMA = new URL('../schemas/_common/k8s.schema.json', import.meta.url);

const KUBERNETES_VOCABULARY = [
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
];

function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(KUBERNETES_VOCABULARY);
  return ajv;
}

/** The version header client-node's generator wrote, read independently of the importer. */
async function clientNodeOpenApiVersion(): Promise<string> {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('@kubernetes/client-node/package.json'));
  const header = await readFile(path.join(packageDir, 'dist/gen/models/V1Toleration.d.ts'), 'utf8');
  const version = /OpenAPI spec version: (\S+)/.exec(header)?.[1];
  assert.ok(version, 'client-node model has an OpenAPI spec version header');
  return version;
}

describe('k8s definitions import (schemas/_common/k8s.schema.json)', function () {
  let committedText: string;
  let build: K8sDefinitionsBuild;
  let ajv: Ajv;

  before(async function () {
    this.timeout(300_000);
    committedText = await readFile(COMMITTED_SCHEMA, 'utf8');
    build = await buildK8sDefinitionsSchema();
    ajv = strictAjv();
    ajv.addSchema(JSON.parse(committedText) as object);
  });

  function validatorFor(definition: string): ValidateFunction {
    return ajv.compile({ $ref: `${K8S_SCHEMA_ID}#/definitions/${definition}` });
  }

  it('is exactly what npm run import-k8s generates (never edited by hand)', function () {
    assert.equal(committedText, renderK8sDefinitionsSchema(build.schema));
  });

  it('compiles under strict ajv, with every $ref resolving and required naming only defined properties', function () {
    const definitions = build.schema.definitions ?? {};
    assert.ok(Object.keys(definitions).length > 0);
    for (const [name, definition] of Object.entries(definitions)) {
      assert.doesNotThrow(() => validatorFor(name), `definition ${name} compiles`);
      for (const field of definition.required ?? []) {
        assert.ok(definition.properties?.[field], `${name}.required lists undefined property ${field}`);
      }
    }
    for (const ref of committedText.matchAll(/"\$ref": "#\/definitions\/([^"]+)"/g)) {
      assert.ok(ref[1] !== undefined && ref[1] in definitions, `$ref to missing definition ${ref[1]}`);
    }
  });

  it('rejects a Toleration whose tolerationSeconds is not a number, and accepts a valid one', function () {
    const validate = validatorFor('Toleration');
    assert.equal(validate({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 'x' }), false);
    assert.ok(
      validate.errors?.some((error) => error.instancePath === '/tolerationSeconds'),
      JSON.stringify(validate.errors),
    );
    assert.equal(
      validate({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
      true,
      JSON.stringify(validate.errors),
    );
  });

  it('accepts numeric and suffixed quantities in ResourceRequirements, and rejects bad units and unknown fields', function () {
    const validate = validatorFor('ResourceRequirements');
    assert.equal(validate({ limits: { cpu: 1, memory: '512Mi' }, requests: { cpu: '500m' } }), true, JSON.stringify(validate.errors));
    assert.equal(validate({ requests: { cpu: '0.5' } }), true, JSON.stringify(validate.errors));
    // A custom resource's int-or-string field takes integers or strings only, as the API server checks it.
    assert.equal(validate({ requests: { cpu: 0.5 } }), false);
    assert.equal(validate({ limits: { memory: '1GB' } }), false);
    assert.ok(
      validate.errors?.some((error) => error.instancePath === '/limits/memory'),
      JSON.stringify(validate.errors),
    );
    assert.equal(validate({ limit: {} }), false);
    assert.ok(
      validate.errors?.some((error) => error.keyword === 'additionalProperties' && error.params.additionalProperty === 'limit'),
      JSON.stringify(validate.errors),
    );
  });

  it('rejects a Volume source the operators do not accept, and accepts a PVC volume', function () {
    const validate = validatorFor('Volume');
    assert.equal(validate({ name: 'data', awsElasticBlockStore: { volumeID: 'vol-1' } }), false);
    assert.ok(
      validate.errors?.some((error) => error.params.additionalProperty === 'awsElasticBlockStore'),
      JSON.stringify(validate.errors),
    );
    assert.equal(validate({ name: 'data', persistentVolumeClaim: { claimName: 'x' } }), true, JSON.stringify(validate.errors));
  });

  it('accepts the ObjectMeta of a real admission request, managedFields included', function () {
    const validate = validatorFor('ObjectMeta');
    const metadata = {
      name: 'm',
      namespace: 'default',
      uid: '0b5c6e5e-2c1c-4cde-9f1e-3a1b2c3d4e5f',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: '2026-11-20T23:09:28Z',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      managedFields: [
        {
          apiVersion: 'enterprise.mariadb.com/v1alpha1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { '.': {} } },
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          time: '2026-11-20T23:09:28Z',
        },
      ],
    };
    assert.equal(validate(metadata), true, JSON.stringify(validate.errors));
  });

  it('names the Kubernetes version it was generated from', async function () {
    const version = await clientNodeOpenApiVersion();
    const committed = JSON.parse(committedText) as { $comment?: string; description?: string };
    assert.equal(build.kubernetesVersion, version);
    assert.ok(committed.$comment?.includes(`Kubernetes OpenAPI ${version}`), committed.$comment);
    assert.ok(committed.description?.includes(version), committed.description);
  });
});
