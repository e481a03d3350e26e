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
import { crdPath } from '../../generator/crd/emit-crds.js';
import { defaultGroupsOf, defaultKindIn, defaultKinds } from '../../kinds/default-kinds.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { createAjv } from '../../kinds/ajv-instance.js';
import { helm } from '../support/helm.js';
import { manifestsIn } from '../support/fixtures.js';

const set = loadSchemas();
const KIB = 1024;
type Crd = { metadata: { name: string; annotations?: Record<string, string> }; spec: any };

/** The committed CRD of a kind in a group; the MariaDB operators' at the group's default operator version unless given. */
function committedCrd(group: string, plural: string, definition?: KindDefinition): Crd {
  const kind = definition ?? set.kinds.find((k) => k.plural === plural && defaultGroupsOf(set, k).includes(group));
  assert.ok(kind, `${plural} in ${group}`);
  return parse(readFileSync(join(PROJECT_ROOT, crdPath(group, kind)), 'utf8')) as Crd;
}

/** JSON as CEL sees a Kubernetes object: integers are ints, objects are maps. */
function celValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celValue);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

function celRules(kind: string): Array<{ rule: string; message: string }> {
  const definition = defaultKindIn(set, 'enterprise.mariadb.com', kind)!;
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
      const at = definition.operatorVersion ? ` (operator ${definition.operatorVersion})` : '';
      it(`${definition.plural}.${group}${at}: structural, named, with printer columns and subresources`, () => {
        const crd = committedCrd(group, definition.plural, definition);
        assert.equal(crd.metadata.name, `${definition.plural}.${group}`);
        assert.equal(crd.spec.group, group);
        assert.equal(crd.spec.scope, definition.scope);
        assert.deepEqual(crd.spec.names.categories, definition.categories);
        assert.deepEqual(crd.spec.names.shortNames, definition.shortNames);
        const version = crd.spec.versions[0];
        assert.deepEqual(version.additionalPrinterColumns, definition.printerColumns);
        assert.deepEqual(version.subresources?.status, definition.schema.properties?.status ? {} : undefined);
        assert.deepEqual(version.subresources?.scale, definition.scale);
        assert.deepEqual(structuralProblems(version.schema.openAPIV3Schema), []);
      });
    }
  }

  it("gives the MariaDB operators' kinds the operator's short names and printer columns, at every operator version", () => {
    for (const k of set.kinds.filter((d) => d.operatorVersion && ['MariaDB', 'MaxScale', 'Connection'].includes(d.kind))) {
      const crd = committedCrd(k.groups[0]!, k.plural, k);
      const version = crd.spec.versions[0];
      assert.deepEqual(crd.spec.names.shortNames, { MariaDB: ['mdb'], MaxScale: ['mxs'], Connection: ['cmdb'] }[k.kind]);
      assert.deepEqual(
        version.additionalPrinterColumns.map((c: { name: string }) => c.name),
        {
          MariaDB: ['Ready', 'Status', 'Primary', 'Updates', 'Age'],
          MaxScale: ['Ready', 'Status', 'Primary', 'Age'],
          Connection: ['Ready', 'Status', 'Secret', 'Age'],
        }[k.kind],
      );
      assert.deepEqual(
        version.subresources.scale,
        k.kind === 'Connection' ? undefined : { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
      );
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
      (k) =>
        [
          `${k.plural}.${k.groups[0]!}${k.operatorVersion ? `@${k.operatorVersion}` : ''}`,
          Buffer.byteLength(JSON.stringify(crdObject(k, k.groups[0]!, crdSchema(set, k)))),
        ] as const,
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
      defaultKinds(set).flatMap((k) => {
        const validate = ajv.compile(crdSchema(set, k));
        return defaultGroupsOf(set, k).map((g) => [`${g}/${k.version} ${k.kind}`, validate] as const);
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

  it("keep the operator's own rule: an even number of Galera replicas only with replicasAllowEvenNumber", () => {
    const galera = seedSpec('03-mariadb-maxscale-ref.yaml');
    assert.equal(failingRules('MariaDB', { ...galera, replicas: 4 }).length, 1);
    assert.deepEqual(failingRules('MariaDB', { ...galera, replicas: 4, replicasAllowEvenNumber: true }), []);
    assert.deepEqual(failingRules('MariaDB', { ...galera, replicas: 2, replicasAllowEvenNumber: true }), [], 'the operator allows it when asked');
    // 4 replicas need an HA method (mariadb/replicas-without-ha has a twin too): replication, where evenness does not matter.
    assert.deepEqual(failingRules('MariaDB', { ...galera, replicas: 4, galera: { enabled: false }, replication: { enabled: true } }), []);
  });

  it('reject a MaxScale with neither mariaDbRef nor servers', () => {
    assert.ok(
      failingRules('MaxScale', { monitor: { module: 'galeramon' } }).includes('set spec.mariaDbRef to the MariaDB MaxScale fronts, or list spec.servers'),
    );
    assert.deepEqual(failingRules('MaxScale', { mariaDbRef: { name: 'mariadb-galera' } }), []);
    // Hand-listed servers need the monitor module and the users' credentials too (their own twins).
    const byHand = { servers: [{ name: 'x', address: '10.0.0.1' }], monitor: { module: 'galeramon' } };
    const secret = (user: string) => ({ [`${user}Username`]: user, [`${user}PasswordSecretKeyRef`]: { name: 'mxs', key: user } });
    assert.deepEqual(failingRules('MaxScale', { ...byHand, auth: { ...secret('client'), ...secret('server'), ...secret('monitor') } }), []);
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
        groups.flatMap((g) => set.kinds.filter((k) => defaultGroupsOf(set, k).includes(g)).map((k) => `${k.plural}.${g}`)).sort(),
      );
      for (const crd of crds) {
        assert.equal(crd.metadata.annotations?.['helm.sh/resource-policy'], values === 'ci/no-keep-values.yaml' ? undefined : 'keep');
        const plain = committedCrd(crd.spec.group, crd.spec.names.plural);
        assert.deepEqual(crd.spec, plain.spec, 'the chart renders the same CRD as generated/crds');
      }
    });
  }

  it('installs the CRDs of the operator version chosen per group, and refuses a version it does not have', () => {
    const values = ['--set', 'groups={k8s.mariadb.com}'];
    const plurals = (extra: string[]) => {
      const run = helm(['template', 'mdbkit-crds', chart, ...values, ...extra]);
      assert.equal(run.status, 0, run.stderr);
      return parseAllDocuments(run.stdout)
        .map((d) => d.toJS() as Crd)
        .filter(Boolean);
    };
    const newest = plurals([]);
    const older = plurals(['--set', 'operatorVersions.k8s\\.mariadb\\.com=25.10']);
    assert.ok(newest.some((c) => c.spec.names.kind === 'PointInTimeRecovery'));
    assert.ok(!older.some((c) => c.spec.names.kind === 'PointInTimeRecovery'), 'PointInTimeRecovery came in 26.x');
    const mariadbSpec = (crds: Crd[]) => crds.find((c) => c.spec.names.kind === 'MariaDB')!.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
    assert.equal(mariadbSpec(newest).maxScale, undefined);
    assert.ok(mariadbSpec(older).maxScale, 'MariaDB spec.maxScale is there at 25.10');
    for (const crd of older) {
      const definition = set.kinds.find((k) => k.plural === crd.spec.names.plural && k.operatorVersion === '25.10')!;
      assert.deepEqual(crd.spec, committedCrd('k8s.mariadb.com', crd.spec.names.plural, definition).spec);
    }
    const bad = helm(['template', 'mdbkit-crds', chart, '--set', 'operatorVersions.enterprise\\.mariadb\\.com=26.6']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /operatorVersions\.enterprise\.mariadb\.com: .*must be one of the following: "25\.10"/);
  });

  it('refuses to drop the operator version of a group, which would install no CRD for it', () => {
    const run = helm(['template', 'mdbkit-crds', chart, '--set', 'groups={k8s.mariadb.com}', '--set', 'operatorVersions.k8s\\.mariadb\\.com=null']);
    assert.notEqual(run.status, 0, run.stdout);
    assert.match(run.stderr, /operatorVersions: .*k8s\.mariadb\.com.* is required/);
  });

  it('rejects an unknown group with the path of the bad value', () => {
    const run = helm(['template', 'mdbkit-crds', chart, '--set', 'groups={mariadb.example.com}']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /groups\.0/);
    assert.match(run.stderr, /must be one of the following: .*"enterprise\.mariadb\.com", "k8s\.mariadb\.com"/);
  });
});
