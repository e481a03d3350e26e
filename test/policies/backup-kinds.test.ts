// The backup family (Backup, Restore, PhysicalBackup, PointInTimeRecovery) against the mariadb-operator's own
// examples at each imported release, its defaults as the operator writes them back, and its cron parser.
import { contextFor } from '../../cli/lint-run.js';
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { operatorCronNeverRuns, operatorCronProblem } from '../../policies/operator-cron.js';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const KINDS = new Set(['Backup', 'Restore', 'PhysicalBackup', 'PointInTimeRecovery']);
const AREAS = /^(backup|restore|physicalbackup|pointintimerecovery)\//;
const TAGS: Record<string, string> = { 'v25.10.2': '25.10', 'v26.6.0': '26.6' };
const API = 'k8s.mariadb.com/v1alpha1';
const engine = createPolicyEngine();

/** Examples the operator's own webhook refuses, with the rule that says so. */
const REFUSED: Record<string, { rule: string; why: string }> = {
  'v26.6.0 examples/manifests/physicalbackup_abs.yaml': {
    rule: 'physicalbackup/staging-storage-requires-s3',
    why: 'PhysicalBackup.Validate accepts spec.stagingStorage only with spec.storage.s3, and this example stages an azureBlob backup',
  },
};

function yamlBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlBelow(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

interface Example {
  tag: string;
  file: string;
  object: KubeObject;
  /** The other documents of its file: what `mdbkit lint` resolves references against. */
  neighbours: KubeObject[];
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const tag of Object.keys(TAGS)) {
    const root = join(FIXTURES_DIR, 'mariadb-operator', tag);
    for (const path of ['examples/manifests', 'config/samples'].flatMap((d) => yamlBelow(join(root, d))).sort()) {
      const objects = parseAllDocuments(readFileSync(path, 'utf8'))
        .map((d) => d.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => o !== null && typeof o === 'object');
      for (const object of objects.filter((o) => KINDS.has(String(o.kind))))
        out.push({ tag, file: relative(root, path).split('\\').join('/'), object, neighbours: objects });
    }
  }
  return out;
}

/** The context the linter judges a document in (cli/lint-run.ts), as an UPDATE of `oldObject` when given. */
function context(object: KubeObject, reader: ClusterReader, operation: PolicyContext['operation'] = 'CREATE', oldObject?: KubeObject): PolicyContext {
  return { ...contextFor(object, reader), operation, oldObject };
}

function at(version: string) {
  return engine.withOperatorVersions([`k8s.mariadb.com=${version}`, `enterprise.mariadb.com=25.10`]);
}

const all = examples();

describe("the backup family: the operator's own examples", () => {
  it('finds the examples of all four kinds', () => {
    for (const kind of KINDS)
      assert.ok(
        all.some((e) => e.object.kind === kind && e.tag === 'v26.6.0'),
        `no ${kind} example`,
      );
    assert.ok(all.filter((e) => e.tag === 'v25.10.2').length > 10);
  });

  for (const example of all) {
    const refused = REFUSED[`${example.tag} ${example.file}`];
    const title = `${example.tag} ${example.file} ${example.object.kind} ${example.object.metadata?.name}`;
    it(`${title}: ${refused ? `refused by ${refused.rule}, as by the operator's webhook (${refused.why})` : 'no error from the backup rules'}`, async () => {
      const judged = at(TAGS[example.tag]!);
      const ctx = context(example.object, new ListClusterReader(example.neighbours));
      const defaulted = await judged.default(example.object, ctx);
      assert.ok(defaulted, 'not a kind mdbkit judges');
      const judgement = await judged.validate(defaulted.object, ctx, { defaultWarnings: defaulted.warnings });
      const errors = judgement!.findings.filter((f) => AREAS.test(f.rule) && f.severity === 'error').map((f) => `${f.path} [${f.rule}] ${f.message}`);
      if (refused)
        assert.deepEqual([...new Set(judgement!.findings.filter((f) => f.severity === 'error' && AREAS.test(f.rule)).map((f) => f.rule))], [refused.rule]);
      else assert.deepEqual(errors, []);
    });

    it(`${title}: defaults are idempotent and add no schema error`, async () => {
      const judged = at(TAGS[example.tag]!);
      const ctx = context(example.object, new ListClusterReader(example.neighbours));
      const once = (await judged.default(example.object, ctx))!.object;
      const twice = (await judged.default(once, ctx))!.object;
      assert.deepEqual(twice, once);
      const schemaErrors = async (object: KubeObject) =>
        (await judged.schemas.validate(object))!.filter((f) => f.severity === 'error').map((f) => `${f.path} ${f.message}`);
      const before = new Set(await schemaErrors(example.object));
      assert.deepEqual(
        (await schemaErrors(once)).filter((e) => !before.has(e)),
        [],
      );
    });
  }
});

async function defaulted(object: KubeObject, options: { cluster?: KubeObject[]; reader?: ClusterReader; version?: string } = {}) {
  const judged = at(options.version ?? '26.6');
  const result = await judged.default(object, context(object, options.reader ?? new ListClusterReader(options.cluster ?? [])));
  return { spec: result!.object.spec as Record<string, unknown>, warnings: result!.warnings };
}

const mariadb = (galera: boolean): KubeObject => ({
  apiVersion: API,
  kind: 'MariaDB',
  metadata: { name: 'mariadb', namespace: 'default' },
  spec: galera ? { replicas: 3, galera: { enabled: true } } : { replicas: 1 },
});
const backup = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: API,
  kind: 'Backup',
  metadata: { name: 'nightly', namespace: 'default' },
  spec: { mariaDbRef: { name: 'mariadb' }, storage: { s3: { bucket: 'b', endpoint: 'e' } }, ...spec },
});

describe('the backup family: defaults as the operator writes them back', () => {
  it('a Backup gets none compression, 30 days of retention (as Go prints it), 5 retries and its own ServiceAccount', async () => {
    const { spec } = await defaulted(backup(), { cluster: [mariadb(false)] });
    assert.equal(spec.compression, 'none');
    assert.equal(spec.maxRetention, '720h0m0s');
    assert.equal(spec.backoffLimit, 5);
    assert.equal(spec.serviceAccountName, 'nightly');
  });

  it("a Backup's ignoreGlobalPriv follows whether the MariaDB runs Galera", async () => {
    assert.equal((await defaulted(backup(), { cluster: [mariadb(true)] })).spec.ignoreGlobalPriv, true);
    assert.equal((await defaulted(backup(), { cluster: [mariadb(false)] })).spec.ignoreGlobalPriv, false);
    assert.equal((await defaulted(backup({ ignoreGlobalPriv: false }), { cluster: [mariadb(true)] })).spec.ignoreGlobalPriv, false);
  });

  it("a Backup whose MariaDB cannot be read keeps ignoreGlobalPriv unset and says so; a missing one is the rule's to report", async () => {
    const offline = await defaulted(backup(), { reader: OFFLINE_READER });
    assert.equal(offline.spec.ignoreGlobalPriv, undefined);
    assert.deepEqual(
      offline.warnings.map((w) => [w.rule, w.path, w.severity]),
      [['backup/reference-unresolved', 'spec.ignoreGlobalPriv', 'warning']],
    );
    const missing = await defaulted(backup());
    assert.equal(missing.spec.ignoreGlobalPriv, undefined);
    assert.deepEqual(missing.warnings, []);
  });

  it('a Backup of an ExternalMariaDB gets the external defaults: no ignoreGlobalPriv and no anti-affinity', async () => {
    const { spec, warnings } = await defaulted(backup({ mariaDbRef: { name: 'ext', kind: 'ExternalMariaDB' }, affinity: { antiAffinityEnabled: true } }), {
      reader: OFFLINE_READER,
    });
    assert.equal(spec.ignoreGlobalPriv, undefined);
    assert.deepEqual(spec.affinity, { antiAffinityEnabled: true });
    assert.equal(spec.serviceAccountName, 'nightly');
    assert.deepEqual(warnings, []);
  });

  it("antiAffinityEnabled keeps a Backup's Job off the MariaDB's nodes, unless a podAntiAffinity is given", async () => {
    const { spec } = await defaulted(backup({ affinity: { antiAffinityEnabled: true } }), { cluster: [mariadb(false)] });
    const term = (spec.affinity as { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: unknown[] } }).podAntiAffinity
      .requiredDuringSchedulingIgnoredDuringExecution[0];
    assert.deepEqual(term, {
      labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: ['mariadb'] }] },
      topologyKey: 'kubernetes.io/hostname',
    });
    const own = { antiAffinityEnabled: true, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } };
    assert.deepEqual((await defaulted(backup({ affinity: own }), { cluster: [mariadb(false)] })).spec.affinity, own);
  });

  it('a zero maxRetention or backoffLimit is unset to the operator, and replaced; other values are kept', async () => {
    const { spec } = await defaulted(backup({ maxRetention: '0s', backoffLimit: 0 }), { cluster: [mariadb(false)] });
    assert.equal(spec.maxRetention, '720h0m0s');
    assert.equal(spec.backoffLimit, 5);
    const kept = await defaulted(backup({ maxRetention: '168h', backoffLimit: 2, compression: 'gzip', serviceAccountName: 'sa' }), {
      cluster: [mariadb(false)],
    });
    assert.deepEqual([kept.spec.maxRetention, kept.spec.backoffLimit, kept.spec.compression, kept.spec.serviceAccountName], ['168h', 2, 'gzip', 'sa']);
  });

  it('a Restore from S3 is staged in an emptyDir, or in the <name>-staging claim of its stagingStorage', async () => {
    const restore = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: API,
      kind: 'Restore',
      metadata: { name: 'restore' },
      spec: { mariaDbRef: { name: 'mariadb' }, s3: { bucket: 'b', endpoint: 'e' }, ...spec },
    });
    const plain = await defaulted(restore({}));
    assert.deepEqual(plain.spec.volume, { emptyDir: {} });
    assert.equal(plain.spec.backoffLimit, 5);
    assert.equal(plain.spec.serviceAccountName, 'restore');
    const staged = await defaulted(restore({ stagingStorage: { persistentVolumeClaim: { resources: { requests: { storage: '1Gi' } } } } }));
    assert.deepEqual(staged.spec.volume, { persistentVolumeClaim: { claimName: 'restore-staging' } });
    const fromBackup = await defaulted({ ...restore({}), spec: { mariaDbRef: { name: 'mariadb' }, backupRef: { name: 'nightly' } } });
    assert.equal(fromBackup.spec.volume, undefined, "the Backup's volume is the operator's to take once the Backup completes");
  });

  const physicalBackup = (storage: Record<string, unknown>): KubeObject => ({
    apiVersion: API,
    kind: 'PhysicalBackup',
    metadata: { name: 'pb' },
    spec: { mariaDbRef: { name: 'mariadb' }, storage },
  });

  it('a PhysicalBackup at 26.6 gets target Replica, retention, timeout, compression, retries, both Job histories and a ServiceAccount', async () => {
    const { spec } = await defaulted(physicalBackup({ s3: { bucket: 'b', endpoint: 'e' } }));
    const { mariaDbRef: _ref, storage: _storage, ...defaults } = spec;
    assert.deepEqual(defaults, {
      target: 'Replica',
      maxRetention: '720h0m0s',
      timeout: '1h0m0s',
      compression: 'none',
      backoffLimit: 5,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 5,
      serviceAccountName: 'pb',
    });
  });

  it('a PhysicalBackup at 25.10 gets no target and no failed-Job history (its struct has neither)', async () => {
    const { spec } = await defaulted(physicalBackup({ s3: { bucket: 'b', endpoint: 'e' } }), { version: '25.10' });
    assert.equal(spec.target, undefined);
    assert.equal(spec.failedJobsHistoryLimit, undefined);
    assert.equal(spec.successfulJobsHistoryLimit, 5);
  });

  it('a VolumeSnapshot PhysicalBackup runs no Job: only target, retention and timeout are defaulted', async () => {
    const { spec } = await defaulted(physicalBackup({ volumeSnapshot: { volumeSnapshotClassName: 'csi' } }));
    const { mariaDbRef: _ref, storage: _storage, ...defaults } = spec;
    assert.deepEqual(defaults, { target: 'Replica', maxRetention: '720h0m0s', timeout: '1h0m0s' });
  });

  it('defaulting twice equals defaulting once, and keeps what the user wrote (generated Backups and PhysicalBackups)', async () => {
    const spec = fc.record(
      {
        compression: fc.constantFrom('', 'none', 'gzip'),
        maxRetention: fc.constantFrom('', '0s', '24h', '720h0m0s'),
        backoffLimit: fc.integer({ min: 0, max: 6 }),
        serviceAccountName: fc.constantFrom('sa'),
        ignoreGlobalPriv: fc.boolean(),
        affinity: fc.record({ antiAffinityEnabled: fc.boolean() }, { requiredKeys: [] }),
        mariaDbRef: fc.record({ name: fc.constantFrom('mariadb', 'missing'), kind: fc.constantFrom('MariaDB', 'ExternalMariaDB') }, { requiredKeys: ['name'] }),
        storage: fc.constantFrom({ s3: { bucket: 'b', endpoint: 'e' } }, { volumeSnapshot: { volumeSnapshotClassName: 'c' } }),
      },
      { requiredKeys: ['mariaDbRef', 'storage'] },
    );
    const readers = fc.constantFrom<ClusterReader>(new ListClusterReader([mariadb(true)]), OFFLINE_READER);
    await fc.assert(
      fc.asyncProperty(
        spec,
        fc.constantFrom('Backup', 'PhysicalBackup'),
        fc.constantFrom('25.10', '26.6'),
        readers,
        async (generated, kind, version, reader) => {
          // fast-check's records have no prototype; a manifest's objects do.
          const s = JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
          const object: KubeObject = { apiVersion: API, kind, metadata: { name: 'x', namespace: 'default' }, spec: structuredClone(s) };
          const judged = at(version);
          const once = (await judged.default(object, context(object, reader)))!.object;
          const twice = (await judged.default(once, context(once, reader)))!.object;
          assert.deepEqual(twice, once);
          const out = once.spec as Record<string, unknown>;
          for (const key of ['serviceAccountName', 'ignoreGlobalPriv', 'mariaDbRef', 'storage'] as const) {
            if (s[key] !== undefined && (kind === 'Backup' || key !== 'ignoreGlobalPriv')) assert.deepEqual(out[key], s[key]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("the backup family: schedules, read as the operator's cron parser reads them", () => {
  const accepted = [
    '0 2 * * *',
    '*/5 * * * *',
    '0 0 1,15 * *',
    '0 0 * * 0-6',
    '0 0 * JAN,jul sun',
    '5/15 * * * *',
    '0 0 ? * ?',
    '? ? ? ? ?',
    '0 0 * * +1',
    '0 0 1,,15 * *',
    'CRON_TZ=UTC 0 0 * * *',
    'TZ=America/New_York 30 4 * * 1',
    '0  2  *  *  *',
  ];
  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['@daily', /no descriptors such as @daily \(write "0 0 \* \* \*" for it\)/],
    ['@every 1h', /no descriptors such as @every$/],
    ['0 0 2 * * *', /6 fields.*seconds/],
    ['0 0 * *', /4 fields/],
    ['0 0 * * 7', /day of week 7 is above 6/],
    ['60 * * * *', /minute 60 is above 59/],
    ['0 24 * * *', /hour 24/],
    ['0 0 0 * *', /day of month 0 is below 1/],
    ['0 0 * 13 *', /month 13/],
    ['0 0 * * MON-SUN', /runs backwards/],
    ['0 0 * * L', /day of week "L" is not a number/],
    ['0 0 15W * *', /is not a number/],
    ['*/0 * * * *', /step.*positive/],
    ['1-2-3 * * * *', /more than one "-"/],
    ['1/2/3 * * * *', /more than one "\/"/],
    ['TZ=Nowhere/Atall 0 0 * * *', /time zone/],
    ['TZ=UTC', /followed by/],
  ];
  for (const expression of accepted) it(`accepts ${JSON.stringify(expression)}`, () => assert.equal(operatorCronProblem(expression), undefined));
  for (const [expression, problem] of refused) {
    it(`refuses ${JSON.stringify(expression)}`, () => assert.match(operatorCronProblem(expression) ?? 'accepted', problem));
  }

  const never: Array<[string, RegExp | undefined]> = [
    ['0 0 30 2 *', /no chosen month \(FEB\) has day 30/],
    ['0 0 31 2,4 ?', /has day 31/],
    ['0 0 1,, * *', undefined],
    ['0 0 29 2 *', undefined],
    ['0 0 30 2 1', undefined],
    ['0 0 30 2 */2', undefined],
    ['0 0 30 2 */1', /has day 30/],
    ['0 0 , * *', /day of month field selects nothing/],
    ['@daily', undefined],
  ];
  for (const [expression, problem] of never) {
    it(`${problem ? 'never runs' : 'runs'}: ${JSON.stringify(expression)}`, () => {
      const found = operatorCronNeverRuns(expression);
      if (problem) assert.match(found ?? 'runs', problem);
      else assert.equal(found, undefined);
    });
  }
});
