// The CRDs as a real API server and a real Helm take them: structural schemas, names, printer columns,
// subresources, list keys, CEL rules that hold without the webhook, sizes under kubectl's limits, and
// the seed manifests accepted by the schema the API server will check them with.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as celRun } from '@bufbuild/cel';
import type { ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { crdObject, crdSchema } from '../../generator/crd/crd-object.js';
import { structuralProblems } from '../../generator/crd/structural-check.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { createAjv } from '../../kinds/ajv-instance.js';
import { helm } from '../support/helm.js';
import { manifestsIn } from '../support/fixtures.js';

const set = loadSchemas();
const KIB = 1024;
type Crd = { metadata: { name: string; annotations?: Record<string, string> }; spec: any };

function committedCrd(group: string, plural: string): Crd {
  return parse(readFileSync(join(PROJECT_ROOT, 'generated', 'crds', group, `${plural}.yaml`), 'utf8')) as Crd;
}

/** JSON as CEL sees a Kubernetes object: integers are ints, objects are maps. */
function celValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celValue);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

function celRules(kind: string): Array<{ rule: string; message: string }> {
  const definition = set.kinds.find((k) => k.kind === kind)!;
  return crdSchema(set, definition).properties!.spec!['x-kubernetes-validations'] as Array<{ rule: string; message: string }>;
}

function failingRules(kind: string, spec: object): string[] {
  return celRules(kind)
    .filter(({ rule }) => celRun(rule, { self: celValue(spec) } as never) !== true)
    .map((r) => r.message);
}

describe('CRDs', () => {
  for (const definition of set.kinds) {
    for (const group of definition.groups) {
      it(`${definition.plural}.${group}: structural, named, with printer columns and subresources`, () => {
        const crd = committedCrd(group, definition.plural);
        assert.equal(crd.metadata.name, `${definition.plural}.${group}`);
        assert.equal(crd.spec.group, group);
        assert.equal(crd.spec.scope, definition.scope);
        assert.deepEqual(crd.spec.names.categories, definition.categories);
        const version = crd.spec.versions[0];
        assert.deepEqual(version.additionalPrinterColumns, definition.printerColumns);
        assert.deepEqual(version.subresources?.status, definition.schema.properties?.status ? {} : undefined);
        assert.deepEqual(version.subresources?.scale, definition.scale);
        assert.deepEqual(structuralProblems(version.schema.openAPIV3Schema), []);
      });
    }
  }

  it("gives the MariaDB operators' kinds the short names mdb, mxs and cmdb, the category mariadb and their printer columns", () => {
    const operatorKinds = set.kinds.filter((k) => k.groups.includes('enterprise.mariadb.com'));
    assert.deepEqual(
      operatorKinds.map((k) => committedCrd('enterprise.mariadb.com', k.plural).spec.names.shortNames[0]),
      ['cmdb', 'mdb', 'mxs'],
    );
    for (const k of operatorKinds) {
      const version = committedCrd('enterprise.mariadb.com', k.plural).spec.versions[0];
      assert.deepEqual(committedCrd('enterprise.mariadb.com', k.plural).spec.names.categories, ['mariadb']);
      assert.deepEqual(
        version.additionalPrinterColumns.map((c: { name: string }) => c.name),
        k.kind === 'Connection' ? ['Ready', 'Status', 'Secret', 'Age'] : ['Ready', 'Status', 'Primary', 'Age'],
      );
      assert.deepEqual(
        version.subresources.scale,
        k.kind === 'Connection' ? undefined : { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
      );
    }
  });

  it('declares lists keyed by name as list maps', () => {
    const spec = committedCrd('enterprise.mariadb.com', 'maxscales').spec.versions[0].schema.openAPIV3Schema.properties.spec;
    for (const list of ['servers', 'services']) {
      assert.equal(spec.properties[list]['x-kubernetes-list-type'], 'map', list);
      assert.deepEqual(spec.properties[list]['x-kubernetes-list-map-keys'], ['name'], list);
      assert.ok(spec.properties[list].maxItems > 0, `${list} is bounded, so CEL over it has a bounded cost`);
    }
  });

  it('catches what the API server would refuse', () => {
    assert.deepEqual(structuralProblems({ type: 'object', properties: { a: { $ref: '#/definitions/A' } } }), [
      '.a: keyword $ref is not allowed in a CRD',
      '.a: a type is required',
    ]);
    assert.deepEqual(structuralProblems({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }), [
      ': properties and additionalProperties are mutually exclusive',
      ': additionalProperties: false is not allowed',
    ]);
    assert.deepEqual(structuralProblems({ type: 'object', properties: { a: { anyOf: [{ type: 'string', description: 'x' }] } } }), [
      '.a: a type is required',
      '.a.anyOf[0]: description is not allowed inside allOf/anyOf/oneOf/not',
      '.a.anyOf[0]: type is not allowed inside allOf/anyOf/oneOf/not',
    ]);
  });

  it("keeps every CRD under the 256 KiB of client-side apply, and both MariaDB operators' CRDs under 900 KiB rendered", () => {
    const sizes = set.kinds.map(
      (k) => [`${k.plural}.${k.sourceGroup}`, Buffer.byteLength(JSON.stringify(crdObject(k, k.sourceGroup, crdSchema(set, k))))] as const,
    );
    const rendered = helm([
      'template',
      'mdbkit-crds',
      join(PROJECT_ROOT, 'charts', 'mdbkit-crds'),
      '-f',
      join(PROJECT_ROOT, 'charts', 'mdbkit-crds', 'ci', 'both-groups-values.yaml'),
    ]);
    assert.equal(rendered.status, 0, rendered.stderr);
    const renderedBytes = Buffer.byteLength(rendered.stdout);
    console.log(
      `      CRD sizes (compact JSON): ${sizes.map(([p, b]) => `${p} ${(b / KIB).toFixed(1)} KiB`).join(', ')}; both groups rendered: ${(renderedBytes / KIB).toFixed(1)} KiB`,
    );
    for (const [plural, bytes] of sizes) assert.ok(bytes < 256 * KIB, `${plural}: ${bytes} bytes`);
    assert.ok(renderedBytes < 900 * KIB, `${renderedBytes} bytes rendered`);
  });

  it('accepts every seed manifest with the structural schema the API server checks', () => {
    const ajv = createAjv({ strictTypes: false });
    const validators = new Map<string, ValidateFunction>(
      set.kinds.flatMap((k) => {
        const validate = ajv.compile(crdSchema(set, k));
        return k.groups.map((g) => [`${g}/${k.version} ${k.kind}`, validate] as const);
      }),
    );
    const seeds = ['examples/seed-000-maxscale', 'examples/seed-001-kubedb', 'examples/seed-003-galera-operator'].flatMap((folder) => manifestsIn(folder));
    let checked = 0;
    for (const { file, object } of seeds) {
      const validate = validators.get(`${String(object.apiVersion)} ${String(object.kind)}`);
      if (!validate) continue; // ConfigMaps, Secrets and the operator's own v1beta1 CRDs are not ours
      checked++;
      assert.ok(validate(object), `${file}: ${JSON.stringify(validate.errors)}`);
    }
    assert.ok(checked >= 21, `${checked} seed manifests checked`);
  });
});

describe('CEL validation rules (they hold while the webhook is down)', () => {
  const seeds = manifestsIn('examples/seed-000-maxscale');
  const seedSpec = (file: string) => structuredClone(seeds.find((s) => s.file === file)!.object.spec) as Record<string, any>;

  it('pass on every seed manifest', () => {
    for (const { file, object } of seeds) {
      if (object.kind === 'Connection') continue;
      assert.deepEqual(failingRules(String(object.kind), object.spec as object), [], file);
    }
  });

  it('reject Galera together with replication', () => {
    assert.deepEqual(failingRules('MariaDB', { ...seedSpec('03-mariadb-maxscale-ref.yaml'), replication: { enabled: true } }), [
      'galera and replication cannot both be enabled: keep one high-availability method',
    ]);
    assert.deepEqual(failingRules('MariaDB', { ...seedSpec('03-mariadb-maxscale-ref.yaml'), replication: { enabled: false } }), []);
  });

  it('reject an even number of Galera replicas, unless allowed, and 2 always', () => {
    const galera = seedSpec('03-mariadb-maxscale-ref.yaml');
    assert.equal(failingRules('MariaDB', { ...galera, replicas: 4 }).length, 1);
    assert.deepEqual(failingRules('MariaDB', { ...galera, replicas: 4, replicasAllowEvenNumber: true }), []);
    assert.equal(failingRules('MariaDB', { ...galera, replicas: 2, replicasAllowEvenNumber: true }).length, 1);
    assert.deepEqual(failingRules('MariaDB', { ...galera, replicas: 4, galera: { enabled: false } }), []);
  });

  it('reject a MaxScale with neither mariaDbRef nor servers, and foreign servers beside mariaDbRef', () => {
    assert.equal(failingRules('MaxScale', { monitor: { module: 'galeramon' } }).length, 1);
    assert.equal(failingRules('MaxScale', { mariaDbRef: { name: 'mariadb-galera' }, servers: [{ name: 'x', address: '10.0.0.1' }] }).length, 1);
    const inferred = [0, 1, 2].map((i) => ({ name: `mariadb-galera-${i}`, address: `mariadb-galera-${i}.mariadb-galera-internal.default.svc.cluster.local` }));
    assert.deepEqual(
      failingRules('MaxScale', { mariaDbRef: { name: 'mariadb-galera' }, servers: inferred }),
      [],
      'the servers the defaults infer are accepted',
    );
  });

  it('reject two listeners on one port', () => {
    const services = [
      { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
      { name: 'ro', router: 'readconnroute', listener: { port: 3306 } },
    ];
    assert.deepEqual(failingRules('MaxScale', { mariaDbRef: { name: 'm' }, services }), ['every service listener needs its own port']);
    services[1]!.listener.port = 3307;
    assert.deepEqual(failingRules('MaxScale', { mariaDbRef: { name: 'm' }, services }), []);
  });
});

describe('charts/mdbkit-crds with the real helm', () => {
  const chart = join(PROJECT_ROOT, 'charts', 'mdbkit-crds');
  const valuesFiles = [undefined, 'ci/both-groups-values.yaml', 'ci/all-systems-values.yaml', 'ci/no-keep-values.yaml'];
  const allGroups = [...new Set(set.kinds.flatMap((k) => k.groups))];

  for (const values of valuesFiles) {
    it(`passes helm lint --strict and renders with ${values ?? 'default values'}`, () => {
      const extra = values ? ['-f', join(chart, values)] : [];
      const lint = helm(['lint', '--strict', chart, ...extra]);
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
      const rendered = helm(['template', 'mdbkit-crds', chart, ...extra]);
      assert.equal(rendered.status, 0, rendered.stderr);
      const crds = parseAllDocuments(rendered.stdout)
        .map((d) => d.toJS() as Crd)
        .filter(Boolean);
      const groups =
        values === 'ci/both-groups-values.yaml'
          ? ['enterprise.mariadb.com', 'k8s.mariadb.com']
          : values === 'ci/all-systems-values.yaml'
            ? allGroups
            : ['enterprise.mariadb.com'];
      assert.deepEqual(
        crds.map((c) => c.metadata.name).sort(),
        groups.flatMap((g) => set.kinds.filter((k) => k.groups.includes(g)).map((k) => `${k.plural}.${g}`)).sort(),
      );
      for (const crd of crds) {
        assert.equal(crd.metadata.annotations?.['helm.sh/resource-policy'], values === 'ci/no-keep-values.yaml' ? undefined : 'keep');
        const plain = committedCrd(crd.spec.group, crd.spec.names.plural);
        assert.deepEqual(crd.spec, plain.spec, 'the chart renders the same CRD as generated/crds');
      }
    });
  }

  it('rejects an unknown group with the path of the bad value', () => {
    const run = helm(['template', 'mdbkit-crds', chart, '--set', 'groups={mariadb.example.com}']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /groups\.0/);
    assert.match(run.stderr, /must be one of the following: .*"enterprise\.mariadb\.com", "k8s\.mariadb\.com"/);
  });
});
