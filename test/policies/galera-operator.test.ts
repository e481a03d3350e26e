// The Galera operator's policies (sql.databases/v1beta2) as a user meets them: the defaults written into a
// Galera, every rule firing on the mistake it is about and silent on the fix (through the engine, as the linter
// and the webhook run them, with a pass / fail / skip result per rule), `kubectl scale galera` judged by the same
// replica rule, and the operator's own example manifests linted the way `mdbkit lint` runs them.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import type { FieldError } from '../../policies/field-error.js';
import { cronScheduleProblem } from '../../policies/galera-operator/cron-schedule.js';
import { galeraBackupPolicy } from '../../policies/galera-operator/galera-backup-policy.js';
import { DEFAULT_METRIC_PORT, DEFAULT_REVISION_HISTORY_LIMIT } from '../../policies/galera-operator/galera-defaults.js';
import { galeraPolicy } from '../../policies/galera-operator/galera-policy.js';
import { compareDottedNumbers, compareVersions, imageVersion, parseImageReference, parseVersionTag } from '../../policies/galera-operator/image-version.js';
import { s3EndpointProblem } from '../../policies/galera-operator/s3-storage.js';
import { upgradeConfigPolicy } from '../../policies/galera-operator/upgrade-config-policy.js';
import { upgradeRulePolicy } from '../../policies/galera-operator/upgrade-rule-policy.js';
import type { KindPolicy } from '../../policies/kind-policy.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine, type RuleResult } from '../../policies/policy-engine.js';
import { allRules, KIND_POLICIES } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { assertKeeps } from '../support/assert-keeps.js';
import { FIXTURES_DIR } from '../support/fixtures.js';
import { harness } from '../support/policy-harness.js';

const SEEDS = join(FIXTURES_DIR, 'examples/seed-003-galera-operator');
const API_VERSION = 'sql.databases/v1beta2';
const GALERA_OPERATOR_POLICIES: readonly KindPolicy[] = [galeraPolicy, galeraBackupPolicy, upgradeConfigPolicy, upgradeRulePolicy];

function ctx(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return { operation: 'CREATE', group: 'sql.databases', namespace: 'galera', clusterDomain: 'cluster.local', reader: OFFLINE_READER, ...overrides };
}

/** A Galera every rule is silent on; `change` makes the one mistake under test. */
function galera(change: (spec: Record<string, any>, object: Record<string, any>) => void = () => {}): KubeObject {
  const object: Record<string, any> = {
    apiVersion: API_VERSION,
    kind: 'Galera',
    metadata: { name: 'gal', namespace: 'galera', labels: { 'galera-cluster': 'gal' } },
    spec: {
      replicas: 3,
      pod: {
        credentialsSecret: { name: 'galera-secret' },
        image: 'sebs42/mariadb:10.4.12-bionic',
        mycnfConfigMap: { name: 'galeraconf' },
        env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'galera-secret', key: 'password' } } }],
        metric: {
          image: 'prom/mysqld-exporter:v0.12.1',
          env: [
            { name: 'EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: 'galera-secret', key: 'exporter-password' } } },
            { name: 'DATA_SOURCE_NAME', value: 'exporter:$(EXPORTER_PASSWORD)@(localhost:3306)/' },
          ],
          port: 9104,
        },
      },
      persistentVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
    },
  };
  change(object.spec, object);
  return object as KubeObject;
}

function backup(change: (spec: Record<string, any>, object: Record<string, any>) => void = () => {}): KubeObject {
  const object: Record<string, any> = {
    apiVersion: API_VERSION,
    kind: 'GaleraBackup',
    metadata: { name: 'galera-backup', namespace: 'galera' },
    spec: {
      galeraName: 'gal',
      backupMethodType: 'mariabackup',
      mariabackup: { credentialsBackup: { name: 'galera-secret' } },
      storageProviderType: 'S3',
      s3: { endpoint: 'http://minio.minio.svc:9000', bucket: 'save', credentialsSecret: { name: 's3-secret' } },
    },
  };
  change(object.spec, object);
  return object as KubeObject;
}

const secret = (name: string, data: Record<string, string>, namespace = 'galera'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
  stringData: data,
});
const configMap = (name: string, data: Record<string, string>, namespace = 'galera'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

const schemas = new SchemaValidator();

/** A reader that fails the test when asked: the scale of a Galera needs only the number. */
const UNASKED: ClusterReader = {
  get: async (key) => assert.fail(`the scale read ${key.kind} ${key.namespace}/${key.name}`),
};

/** `kubectl scale galera gal --replicas N`, as the webhook judges it. */
function scaleGalera(replicas: unknown) {
  const request = { group: 'sql.databases', plural: 'galeras', name: 'gal', namespace: 'galera', replicas };
  return new PolicyEngine([galeraPolicy], schemas).validateScale(request, UNASKED, 'cluster.local');
}

/** `rule@path` of each finding, for compact assertions. */
async function hits(policy: KindPolicy, object: KubeObject, context: PolicyContext = ctx()): Promise<string[]> {
  return (await findings(policy, object, context)).map((f) => `${f.rule}@${f.path}`);
}

/** The policy's own findings, as the engine reports them (the schema's are its own tests'). */
async function findings(policy: KindPolicy, object: KubeObject, context: PolicyContext = ctx()): Promise<FieldError[]> {
  return harness(policy).validate(object, context);
}

/** The result of one rule in a judgement, as `status` or `status: reason`. */
function resultOf(results: readonly RuleResult[], rule: string): string | undefined {
  const result = results.find((r) => r.rule === rule);
  return result && (result.reason === undefined ? result.status : `${result.status}: ${result.reason}`);
}

describe('Galera operator policies', () => {
  describe('image versions', () => {
    it('splits an image into repository, tag and digest, a registry port not being a tag', () => {
      assert.deepEqual(parseImageReference('sebs42/mariadb:10.4.2-bionic'), { repository: 'sebs42/mariadb', tag: '10.4.2-bionic' });
      assert.deepEqual(parseImageReference('registry:5000/mariadb'), { repository: 'registry:5000/mariadb' });
      assert.deepEqual(parseImageReference('registry:5000/mariadb:10.4.12'), { repository: 'registry:5000/mariadb', tag: '10.4.12' });
      assert.deepEqual(parseImageReference('mariadb:10.4.12@sha256:abc'), { repository: 'mariadb', tag: '10.4.12', digest: 'sha256:abc' });
      assert.deepEqual(parseImageReference('mariadb@sha256:abc'), { repository: 'mariadb', digest: 'sha256:abc' });
    });

    it("reads MAJOR.MINOR.PATCH and the operator's -option suffix from a tag, and nothing else", () => {
      assert.deepEqual(parseVersionTag('10.4.2-bionic'), { major: 10, minor: 4, patch: 2, suffix: '-bionic', core: '10.4.2' });
      assert.deepEqual(parseVersionTag('10.4.12'), { major: 10, minor: 4, patch: 12, suffix: '', core: '10.4.12' });
      for (const tag of ['10.4', '10', 'latest', 'v10.4.12', '10.04.2', '10.4.2.1', '10.4.2-', '10.4.2+build', '']) {
        assert.equal(parseVersionTag(tag), undefined, tag);
      }
    });

    it('compares versions as numbers, not as text: 10.4 is above 9.6, 10.11 above 10.6, 10.4.12 above 10.4.9', () => {
      const v = (image: string) => imageVersion(image)!;
      assert.equal(compareVersions(v('mariadb:10.4.0'), v('mariadb:9.6.0')), 1);
      assert.equal(compareVersions(v('mariadb:9.6.0'), v('mariadb:10.4.0')), -1);
      assert.equal(compareVersions(v('mariadb:10.11.2'), v('mariadb:10.6.2')), 1);
      assert.equal(compareVersions(v('mariadb:10.4.12'), v('mariadb:10.4.9')), 1);
      assert.equal(compareVersions(v('mariadb:10.4.12-bionic'), v('mariadb:10.4.12-focal')), 0, 'the suffix does not count');
      assert.equal(compareDottedNumbers('10.4', '10.4.0'), 0);
      assert.equal(compareDottedNumbers('10.4', '9.6'), 1);
    });

    it('orders versions as their numbers do (property)', () => {
      const part = fc.integer({ min: 0, max: 1000 });
      const version = fc.tuple(part, part, part);
      fc.assert(
        fc.property(version, version, (a, b) => {
          const expected = a[0] !== b[0] ? Math.sign(a[0] - b[0]) : a[1] !== b[1] ? Math.sign(a[1] - b[1]) : Math.sign(a[2] - b[2]);
          assert.equal(compareDottedNumbers(a.join('.'), b.join('.')), expected);
          assert.equal(compareDottedNumbers(b.join('.'), a.join('.')), -expected || 0);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('cron schedules', () => {
    const valid = [
      '0 2 * * *',
      '*/15 * * * *',
      '0 0 1 1 *',
      '30 4 1,15 * 1-5',
      '0 0 * JAN-MAR MON',
      '5 4 * * sun',
      '0 0 * * 7',
      '0 22 * * 1-5/2',
      '0 0 ? * *',
      '0 0 29 2 *',
      '10/5 * * * *',
      '@daily',
      '@weekly',
      '  0 2 * * *  ',
    ];
    for (const schedule of valid) {
      it(`accepts ${JSON.stringify(schedule)}`, () => assert.equal(cronScheduleProblem(schedule), undefined));
    }

    const invalid: Array<[string, RegExp]> = [
      ['61 * * * *', /minute 61 is out of range 0-59/],
      ['0 24 * * *', /hour 24 is out of range 0-23/],
      ['0 0 0 * *', /day of month 0 is out of range 1-31/],
      ['0 0 32 * *', /day of month 32 is out of range 1-31/],
      ['0 0 1 13 *', /month 13 is out of range 1-12/],
      ['0 0 * * 8', /day of week 8 is out of range 0-7/],
      ['0 0 * FOO *', /month "FOO" is not a number 1-12 or a name JAN-DEC/],
      ['0 2 * *', /it has 4 fields/],
      ['0 0 2 * * *', /6 fields: a seconds field is not accepted/],
      ['*/0 * * * *', /step "0" must be a positive number/],
      ['5-1 * * * *', /range 5-1 runs backwards/],
      ['? * * * *', /"\?" is only allowed in the day-of-month and day-of-week fields/],
      ['0 0 31 2 *', /never runs: no chosen month has day 31/],
      ['0 0 1,,2 * *', /empty list item/],
      ['@every 1h', /is not one of @yearly/],
      ['TZ=UTC 0 2 * * *', /time zone prefix/],
      ['', /empty/],
    ];
    for (const [schedule, message] of invalid) {
      it(`rejects ${JSON.stringify(schedule)}`, () => assert.match(cronScheduleProblem(schedule) ?? 'accepted', message));
    }
  });

  describe('Galera defaults', () => {
    it('gives the metrics sidecar port 9104 and keeps 10 revisions, as the operator documents', async () => {
      const input = galera((spec) => delete spec.pod.metric.port);
      const { object, warnings } = await harness(galeraPolicy).default(input, ctx());
      assert.equal((object.spec as any).pod.metric.port, DEFAULT_METRIC_PORT);
      assert.equal(object.spec?.revisionHistoryLimit, DEFAULT_REVISION_HISTORY_LIMIT);
      assert.deepEqual(warnings, []);
    });

    it('adds no metrics sidecar where there is none, and never overwrites what is written', async () => {
      const { object } = await harness(galeraPolicy).default(
        galera((spec) => {
          delete spec.pod.metric;
          spec.revisionHistoryLimit = 3;
        }),
        ctx(),
      );
      assert.equal((object.spec as any).pod.metric, undefined);
      assert.equal(object.spec?.revisionHistoryLimit, 3);
      const { object: other } = await harness(galeraPolicy).default(
        galera((spec) => {
          spec.pod.metric.port = 9200;
        }),
        ctx(),
      );
      assert.equal((other.spec as any).pod.metric.port, 9200);
    });

    it('changes a clone, never the object it is given', async () => {
      const input = galera((spec) => delete spec.pod.metric.port);
      const before = structuredClone(input);
      const { object } = await harness(galeraPolicy).default(input, ctx());
      assert.deepEqual(input, before);
      assert.notEqual(object, input);
    });

    it('leaves GaleraBackup, UpgradeConfig and UpgradeRule as written (the operator documents no defaults for them)', async () => {
      const upgradeConfig: KubeObject = {
        apiVersion: API_VERSION,
        kind: 'UpgradeConfig',
        metadata: { name: 'upgrades' },
        upgradeRules: [{ targetVersion: '10.5' }],
      };
      const upgradeRule: KubeObject = {
        apiVersion: API_VERSION,
        kind: 'UpgradeRule',
        metadata: { name: 'r' },
        removedOption: { option: 'innodb_file_format' },
      };
      for (const [policy, object] of [
        [galeraBackupPolicy, backup()],
        [upgradeConfigPolicy, upgradeConfig],
        [upgradeRulePolicy, upgradeRule],
      ] as const) {
        const out = await harness(policy).default(object, ctx());
        assert.deepEqual(out.object, object);
        assert.notEqual(out.object, object);
        assert.deepEqual(out.warnings, []);
        assert.equal(policy.defaults, undefined, `${policy.kind} has no defaults, so the webhook sends no patch`);
      }
    });

    const galeraSpec = fc.record(
      {
        replicas: fc.integer({ min: 0, max: 10 }),
        revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
        pod: fc.record(
          {
            image: fc.constantFrom('mariadb:10.4.12', 'mariadb:latest'),
            metric: fc.record(
              { image: fc.constant('prom/mysqld-exporter:v0.12.1'), port: fc.integer({ min: 1, max: 65535 }), env: fc.constant([]) },
              { requiredKeys: [] },
            ),
            labels: fc.dictionary(fc.constantFrom('a', 'b'), fc.constantFrom('x', 'y')),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const object = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: API_VERSION,
      kind: 'Galera',
      metadata: { name: 'gal' },
      spec: structuredClone(spec),
    });

    it('default(default(x)) equals default(x) (property)', async () => {
      await fc.assert(
        fc.asyncProperty(galeraSpec, async (spec) => {
          const once = (await harness(galeraPolicy).default(object(spec), ctx())).object;
          const twice = (await harness(galeraPolicy).default(once, ctx())).object;
          assert.deepEqual(twice, once);
        }),
        { numRuns: 300 },
      );
    });

    it('never removes or changes a value the user wrote (property)', async () => {
      await fc.assert(
        fc.asyncProperty(galeraSpec, async (spec) => {
          assertKeeps(spec, (await harness(galeraPolicy).default(object(spec), ctx())).object.spec);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('Galera rules', () => {
    it('are silent on a valid Galera', async () => {
      assert.deepEqual(await hits(galeraPolicy, galera()), []);
    });

    describe('galera/replicas-odd-3-to-9', () => {
      for (const replicas of [3, 5, 7, 9]) {
        it(`accepts ${replicas}`, async () =>
          assert.deepEqual(
            await hits(
              galeraPolicy,
              galera((s) => {
                s.replicas = replicas;
              }),
            ),
            [],
          ));
      }
      for (const [replicas, advice] of [
        [1, 'use 3'],
        [2, 'use 3'],
        [4, 'use 3 or 5'],
        [6, 'use 5 or 7'],
        [8, 'use 7 or 9'],
        [10, 'use 9 at most'],
        [11, 'use 9 at most'],
      ] as const) {
        it(`rejects ${replicas}: ${advice}`, async () => {
          const [finding, ...rest] = await findings(
            galeraPolicy,
            galera((s) => {
              s.replicas = replicas;
            }),
          );
          assert.deepEqual(rest, []);
          assert.equal(`${finding!.rule}@${finding!.path}`, 'galera/replicas-odd-3-to-9@spec.replicas');
          assert.equal(finding!.severity, 'error');
          assert.ok(finding!.message.startsWith(`Unsupported value: ${replicas}: `), finding!.message);
          assert.ok(finding!.message.endsWith(advice), finding!.message);
        });
      }
      it('leaves a non-integer to the schema', async () => {
        assert.deepEqual(
          await hits(
            galeraPolicy,
            galera((s) => {
              s.replicas = '3';
            }),
          ),
          [],
        );
        assert.deepEqual(
          await hits(
            galeraPolicy,
            galera((s) => {
              s.replicas = 3.5;
            }),
          ),
          [],
        );
        assert.deepEqual((await scaleGalera(3.5))!.findings, []);
      });
      it('judges a bare number too, for the scale subresource', async () => {
        const scaled = (await scaleGalera(4))!;
        assert.equal(scaled.kind, 'Galera');
        assert.deepEqual(
          scaled.findings.map((f) => `${f.rule}@${f.path}`),
          ['galera/replicas-odd-3-to-9@spec.replicas'],
        );
        assert.ok(scaled.findings[0]!.message.endsWith('use 3 or 5'), scaled.findings[0]!.message);
        assert.deepEqual((await scaleGalera(5))!.findings, []);
      });
    });

    describe('galera/image-tag-not-semver', () => {
      for (const image of ['sebs42/mariadb:10.4.2-bionic', 'mariadb:10.4.12', 'registry:5000/mariadb:10.11.6', 'mariadb:10.4.12@sha256:0123abcd']) {
        it(`accepts ${image}`, async () =>
          assert.deepEqual(
            await hits(
              galeraPolicy,
              galera((s) => {
                s.pod.image = image;
              }),
            ),
            [],
          ));
      }
      const rejected: Array<[string, RegExp]> = [
        ['mariadb@sha256:0123abcd', /a digest carries no version.*such as mariadb:10\.4\.12@sha256:0123abcd$/],
        ['mariadb:latest', /latest is not a version.*pin a semantic version tag such as mariadb:10\.4\.12$/],
        ['registry:5000/mariadb', /no tag means latest, which is not a version.*registry:5000\/mariadb:10\.4\.12$/],
        ['mariadb:10.4', /tag "10\.4" is not a semantic version/],
        ['mariadb:v10.4.12', /tag "v10\.4\.12" is not a semantic version/],
        ['mariadb:bionic', /tag "bionic" is not a semantic version/],
      ];
      for (const [image, message] of rejected) {
        it(`rejects ${image}, saying what to do`, async () => {
          const found = await findings(
            galeraPolicy,
            galera((s) => {
              s.pod.image = image;
            }),
          );
          assert.deepEqual(
            found.map((f) => `${f.rule}@${f.path}`),
            ['galera/image-tag-not-semver@spec.pod.image'],
          );
          assert.match(found[0]!.message, message);
          assert.ok(found[0]!.message.startsWith(`Invalid value: "${image}": `));
        });
      }
    });

    describe('galera/image-downgrade', () => {
      const update = (from: string, to: string) =>
        hits(
          galeraPolicy,
          galera((s) => {
            s.pod.image = to;
          }),
          ctx({
            operation: 'UPDATE',
            oldObject: galera((s) => {
              s.pod.image = from;
            }),
          }),
        );

      it('rejects a lower version on update', async () => {
        assert.deepEqual(await update('sebs42/mariadb:10.4.12-bionic', 'sebs42/mariadb:10.4.2-bionic'), ['galera/image-downgrade@spec.pod.image']);
        assert.deepEqual(await update('mariadb:10.4.0', 'mariadb:9.6.0'), ['galera/image-downgrade@spec.pod.image']);
        assert.deepEqual(await update('mariadb:10.11.2', 'mariadb:10.6.16'), ['galera/image-downgrade@spec.pod.image']);
      });

      it('says which versions and how to go back', async () => {
        const [finding] = await findings(
          galeraPolicy,
          galera((s) => {
            s.pod.image = 'mariadb:9.6.0';
          }),
          ctx({
            operation: 'UPDATE',
            oldObject: galera((s) => {
              s.pod.image = 'mariadb:10.4.0';
            }),
          }),
        );
        assert.match(
          finding!.message,
          /^Forbidden: version 9\.6\.0 is lower than the current 10\.4\.0 \(mariadb:10\.4\.0\): .*restore a backup into a new Galera/,
        );
      });

      it('accepts an upgrade compared numerically, the same version, and another suffix', async () => {
        assert.deepEqual(await update('mariadb:9.6.0', 'mariadb:10.4.0'), [], '10 is above 9 although "10" < "9" as text');
        assert.deepEqual(await update('mariadb:10.4.9', 'mariadb:10.4.12'), []);
        assert.deepEqual(await update('mariadb:10.6.16', 'mariadb:10.11.2'), []);
        assert.deepEqual(await update('sebs42/mariadb:10.4.12-bionic', 'sebs42/mariadb:10.4.12-focal'), []);
        assert.deepEqual(await update('sebs42/mariadb:10.4.12-bionic', 'other/mariadb:10.4.12'), []);
      });

      it('only judges updates, and leaves an unreadable version to the tag rule', async () => {
        assert.deepEqual(
          await hits(
            galeraPolicy,
            galera((s) => {
              s.pod.image = 'mariadb:9.6.0';
            }),
          ),
          [],
        );
        assert.deepEqual(await update('mariadb:latest', 'mariadb:9.6.0'), []);
        assert.deepEqual(await update('mariadb:10.4.0', 'mariadb:latest'), ['galera/image-tag-not-semver@spec.pod.image']);
      });
    });

    describe('galera/plaintext-credential', () => {
      it("reports a root password in the galera container's env", async () => {
        const found = await findings(
          galeraPolicy,
          galera((s) => {
            s.pod.env = [{ name: 'MYSQL_ROOT_PASSWORD', value: 'test' }];
          }),
        );
        assert.deepEqual(
          found.map((f) => `${f.rule}@${f.path}`),
          ['galera/plaintext-credential@spec.pod.env[0].value'],
        );
        assert.equal(found[0]!.severity, 'error');
        assert.ok(!found[0]!.message.includes('test'), 'never echoes the value');
      });

      it("reports the password in mysqld-exporter's DATA_SOURCE_NAME (the operator's example)", async () => {
        const found = await hits(
          galeraPolicy,
          galera((s) => {
            s.pod.metric.env[1].value = 'root:test@(localhost:3306)/';
          }),
        );
        assert.deepEqual(found, ['galera/plaintext-credential@spec.pod.metric.env[1].value']);
      });

      it("reports the special node's env and an S3 endpoint with credentials in it", async () => {
        const found = await hits(
          galeraPolicy,
          galera((s) => {
            s.special = { specialEnv: [{ name: 'MARIADB_PASSWORD', value: 'secret' }] };
            s.restore = {
              name: 'gal-backup.sql.gz',
              storageProviderType: 'S3',
              s3: { endpoint: 'http://key:secret@minio:9000', bucket: 'save', credentialsSecret: { name: 's3' } },
            };
          }),
        );
        assert.deepEqual(found, ['galera/plaintext-credential@spec.special.specialEnv[0].value', 'galera/plaintext-credential@spec.restore.s3.endpoint']);
      });

      it('stays silent on secretKeyRef and on a DSN that takes its password from a variable', async () => {
        assert.deepEqual(await hits(galeraPolicy, galera()), []);
      });
    });

    describe('galera/pod-labels-ignored', () => {
      it('warns when spec.pod.labels sets labels the pods will not get', async () => {
        const found = await findings(
          galeraPolicy,
          galera((s) => {
            s.pod.labels = { 'galera-cluster': 'other', tier: 'db' };
          }),
        );
        assert.deepEqual(
          found.map((f) => [f.rule, f.path, f.severity]),
          [['galera/pod-labels-ignored', 'spec.pod.labels', 'warning']],
        );
        assert.match(found[0]!.message, /galera-cluster=other, tier=db will not be on them/);
      });

      it('stays silent when metadata.labels already has them', async () => {
        assert.deepEqual(
          await hits(
            galeraPolicy,
            galera((s) => {
              s.pod.labels = { 'galera-cluster': 'gal' };
            }),
          ),
          [],
        );
      });
    });

    describe('galera/s3-settings-incomplete and galera/s3-endpoint-invalid on a restore', () => {
      const restore = (s3: unknown) =>
        galera((s) => {
          s.restore = { name: 'gal-galera-backup.20200128172501.sql.gz', storageProviderType: 'S3', ...(s3 === undefined ? {} : { s3 }) };
        });

      it('accepts a complete S3 restore', async () => {
        assert.deepEqual(
          await hits(galeraPolicy, restore({ endpoint: 'http://minio.apps-rocks.fr', bucket: 'save', credentialsSecret: { name: 's3-secret' } })),
          [],
        );
      });

      it('reports a missing s3 block, and each missing setting', async () => {
        assert.deepEqual(await hits(galeraPolicy, restore(undefined)), ['galera/s3-settings-incomplete@spec.restore.s3']);
        assert.deepEqual(await hits(galeraPolicy, restore({ endpoint: '' })), [
          'galera/s3-settings-incomplete@spec.restore.s3.bucket',
          'galera/s3-settings-incomplete@spec.restore.s3.endpoint',
          'galera/s3-settings-incomplete@spec.restore.s3.credentialsSecret',
        ]);
      });

      it('reports an endpoint that is no host or URL', async () => {
        const found = await findings(galeraPolicy, restore({ endpoint: 'ftp://minio', bucket: 'save', credentialsSecret: { name: 's3' } }));
        assert.deepEqual(
          found.map((f) => `${f.rule}@${f.path}`),
          ['galera/s3-endpoint-invalid@spec.restore.s3.endpoint'],
        );
        assert.match(found[0]!.message, /the scheme ftp is not http or https/);
      });
    });

    describe('galera/reference-missing-keys (through the cluster reader)', () => {
      const reader = (...objects: KubeObject[]): ClusterReader => new ListClusterReader(objects);
      const complete = [secret('galera-secret', { user: 'root', password: 'x' }), configMap('galeraconf', { 'my.cnf': '[mysqld]' })];

      it('stays silent when the Secret and ConfigMap have the keys, or are not known', async () => {
        assert.deepEqual(await hits(galeraPolicy, galera(), ctx({ reader: reader(...complete) })), []);
        assert.deepEqual(await hits(galeraPolicy, galera(), ctx({ reader: reader() })), [], 'absent: it may be applied later');
        assert.deepEqual(await hits(galeraPolicy, galera(), ctx({ reader: OFFLINE_READER })), []);
      });

      it('reports a credentials Secret without password and a ConfigMap without my.cnf', async () => {
        const found = await findings(
          galeraPolicy,
          galera(),
          ctx({ reader: reader(secret('galera-secret', { user: 'root' }), configMap('galeraconf', { 'mysqld.cnf': '' })) }),
        );
        assert.deepEqual(
          found.map((f) => `${f.rule}@${f.path}`),
          ['galera/reference-missing-keys@spec.pod.credentialsSecret.name', 'galera/reference-missing-keys@spec.pod.mycnfConfigMap.name'],
        );
        assert.match(found[0]!.message, /^Invalid value: "galera-secret": Secret galera\/galera-secret has no key "password"/);
      });

      it("reads data as well as stringData, and only in the Galera's namespace", async () => {
        const encoded: KubeObject = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'galera-secret', namespace: 'galera' },
          data: { user: 'cm9vdA==', password: 'eA==' },
        };
        assert.deepEqual(await hits(galeraPolicy, galera(), ctx({ reader: reader(encoded, complete[1]!) })), []);
        assert.deepEqual(await hits(galeraPolicy, galera(), ctx({ reader: reader(secret('galera-secret', {}, 'other')) })), []);
      });

      it("checks the restore's S3 Secret for accessKeyId and secretAccessKey", async () => {
        const object = galera((s) => {
          s.restore = { name: 'b.sql.gz', storageProviderType: 'S3', s3: { endpoint: 'minio:9000', bucket: 'save', credentialsSecret: { name: 's3-secret' } } };
        });
        assert.deepEqual(await hits(galeraPolicy, object, ctx({ reader: reader(...complete, secret('s3-secret', { accessKeyId: 'k' })) })), [
          'galera/reference-missing-keys@spec.restore.s3.credentialsSecret.name',
        ]);
        assert.deepEqual(
          await hits(galeraPolicy, object, ctx({ reader: reader(...complete, secret('s3-secret', { accessKeyId: 'k', secretAccessKey: 's' })) })),
          [],
        );
      });
    });
  });

  describe('GaleraBackup rules', () => {
    it('are silent on a complete backup without a schedule', async () => {
      assert.deepEqual(await hits(galeraBackupPolicy, backup()), []);
    });

    describe('galera/backup-schedule-invalid and galera/backup-schedule-ignored', () => {
      it('reports a schedule that is no valid cron expression, naming the field', async () => {
        const found = await findings(
          galeraBackupPolicy,
          backup((s) => {
            s.schedule = '0 25 * * *';
          }),
        );
        assert.deepEqual(
          found.map((f) => [f.rule, f.path, f.severity]),
          [['galera/backup-schedule-invalid', 'spec.schedule', 'error']],
        );
        assert.match(found[0]!.message, /^Invalid value: "0 25 \* \* \*": hour 25 is out of range 0-23: write five fields/);
      });

      it('reports a seconds field', async () => {
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => {
              s.schedule = '0 0 2 * * *';
            }),
          ),
          ['galera/backup-schedule-invalid@spec.schedule'],
        );
      });

      it('warns, for a valid schedule, that the operator runs the backup once', async () => {
        const found = await findings(
          galeraBackupPolicy,
          backup((s) => {
            s.schedule = '0 2 * * *';
          }),
        );
        assert.deepEqual(
          found.map((f) => [f.rule, f.path, f.severity]),
          [['galera/backup-schedule-ignored', 'spec.schedule', 'warning']],
        );
        assert.match(found[0]!.message, /CronJob/);
      });
    });

    describe('galera/backup-credentials-missing', () => {
      it('reports a mariabackup backup without its settings or without credentialsBackup', async () => {
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => delete s.mariabackup),
          ),
          ['galera/backup-credentials-missing@spec.mariabackup'],
        );
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => {
              s.mariabackup = {};
            }),
          ),
          ['galera/backup-credentials-missing@spec.mariabackup.credentialsBackup'],
        );
      });
    });

    describe('galera/s3-settings-incomplete and galera/s3-endpoint-invalid', () => {
      it('reports a missing s3 block and each missing setting', async () => {
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => delete s.s3),
          ),
          ['galera/s3-settings-incomplete@spec.s3'],
        );
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => {
              delete s.s3.bucket;
              delete s.s3.credentialsSecret;
            }),
          ),
          ['galera/s3-settings-incomplete@spec.s3.bucket', 'galera/s3-settings-incomplete@spec.s3.credentialsSecret'],
        );
      });

      it('accepts region-less S3 (the backup sidecar signs for us-east-1)', async () => {
        assert.deepEqual(
          await hits(
            galeraBackupPolicy,
            backup((s) => {
              s.s3.region = 'eu-west-1';
            }),
          ),
          [],
        );
        assert.deepEqual(await hits(galeraBackupPolicy, backup()), []);
      });

      it("reports the $YOURENDPOINT placeholder of the operator's example", async () => {
        const found = await findings(
          galeraBackupPolicy,
          backup((s) => {
            s.s3.endpoint = '$YOURENDPOINT';
          }),
        );
        assert.deepEqual(
          found.map((f) => `${f.rule}@${f.path}`),
          ['galera/s3-endpoint-invalid@spec.s3.endpoint'],
        );
        assert.match(found[0]!.message, /placeholder/);
      });

      it('reads endpoints the way the S3 client does', () => {
        for (const ok of [
          'minio',
          'minio:9000',
          'http://minio.minio.svc:9000',
          'https://s3.eu-west-1.amazonaws.com',
          '10.0.0.5:9000',
          'http://[fd00::1]:9000',
          'http://minio.apps-rocks.fr',
        ]) {
          assert.equal(s3EndpointProblem(ok), undefined, ok);
        }
        for (const bad of ['$YOURENDPOINT', 'http://', 'minio_store:9000', 's3://bucket', 'http://exa mple.com']) {
          assert.equal(s3EndpointProblem(bad)?.kind, 'invalid', bad);
        }
        assert.equal(s3EndpointProblem('https://AKIA:secret@s3.amazonaws.com')?.kind, 'credentials');
      });
    });

    describe('galera/reference-missing-keys', () => {
      it("checks the mariabackup Secret in the backup's namespace and the S3 Secret in the Galera's", async () => {
        const object = backup((s) => {
          s.galeraNamespace = 'db';
        });
        const reader = new ListClusterReader([secret('galera-secret', { user: 'u' }), secret('s3-secret', { accessKeyId: 'k' }, 'db')]);
        assert.deepEqual(await hits(galeraBackupPolicy, object, ctx({ reader })), [
          'galera/reference-missing-keys@spec.mariabackup.credentialsBackup.name',
          'galera/reference-missing-keys@spec.s3.credentialsSecret.name',
        ]);
        const fixed = new ListClusterReader([
          secret('galera-secret', { user: 'u', password: 'p' }),
          secret('s3-secret', { accessKeyId: 'k', secretAccessKey: 's' }, 'db'),
        ]);
        assert.deepEqual(await hits(galeraBackupPolicy, object, ctx({ reader: fixed })), []);
      });
    });
  });

  describe('UpgradeConfig and UpgradeRule rules', () => {
    const rule = (body: Record<string, unknown>): KubeObject => ({ apiVersion: API_VERSION, kind: 'UpgradeRule', metadata: { name: 'r' }, ...body });

    it('galera/upgrade-rule-empty warns about an UpgradeRule that checks nothing', async () => {
      const found = await findings(upgradeRulePolicy, rule({}));
      assert.deepEqual(
        found.map((f) => [f.rule, f.path, f.severity]),
        [['galera/upgrade-rule-empty', 'removedOption', 'warning']],
      );
      for (const body of [
        { removedOption: { option: 'innodb_file_format' } },
        { changedDefaultOption: { option: 'x' } },
        { replacedOption: { option: 'a', replacement: 'b' } },
      ]) {
        assert.deepEqual(await hits(upgradeRulePolicy, rule(body)), []);
      }
    });

    it('leaves an UpgradeConfig to its schema', async () => {
      assert.deepEqual(await hits(upgradeConfigPolicy, { apiVersion: API_VERSION, kind: 'UpgradeConfig', metadata: { name: 'u' }, upgradeRules: [] }), []);
    });
  });

  describe('per-rule results (what was checked, what failed, what could not be judged)', () => {
    const complete = new ListClusterReader([secret('galera-secret', { user: 'root', password: 'x' }), configMap('galeraconf', { 'my.cnf': '[mysqld]' })]);

    it('reports a result for every Galera rule: fail for the one that fired, pass for the others', async () => {
      const { findings: found, results } = await harness(galeraPolicy).judge(
        galera((s) => {
          s.replicas = 4;
        }),
        ctx({ reader: complete }),
      );
      assert.deepEqual(
        found.map((f) => `${f.rule}@${f.path}`),
        ['galera/replicas-odd-3-to-9@spec.replicas'],
      );
      const own = results.filter((r) => r.rule.startsWith('galera/'));
      assert.deepEqual(
        own.map((r) => r.rule),
        galeraPolicy.rules.map((r) => r.id),
      );
      assert.equal(resultOf(results, 'galera/replicas-odd-3-to-9'), 'fail');
      for (const rule of [
        'galera/image-tag-not-semver',
        'galera/plaintext-credential',
        'galera/pod-labels-ignored',
        'galera/s3-settings-incomplete',
        'galera/s3-endpoint-invalid',
        'galera/reference-missing-keys',
      ]) {
        assert.equal(resultOf(results, rule), 'pass', rule);
      }
    });

    it('skips the downgrade rule on CREATE, and on an UPDATE without the stored object, and judges it on UPDATE', async () => {
      const lower = galera((s) => {
        s.pod.image = 'mariadb:9.6.0';
      });
      const created = await harness(galeraPolicy).judge(lower, ctx({ reader: complete }));
      assert.equal(resultOf(created.results, 'galera/image-downgrade'), 'skip: judges UPDATE only');
      const blind = await harness(galeraPolicy).judge(lower, ctx({ reader: complete, operation: 'UPDATE' }));
      assert.equal(resultOf(blind.results, 'galera/image-downgrade'), 'skip: no stored object to compare with');
      const updated = await harness(galeraPolicy).judge(
        lower,
        ctx({
          reader: complete,
          operation: 'UPDATE',
          oldObject: galera((s) => {
            s.pod.image = 'mariadb:10.4.0';
          }),
        }),
      );
      assert.equal(resultOf(updated.results, 'galera/image-downgrade'), 'fail');
      const upgraded = await harness(galeraPolicy).judge(
        galera((s) => {
          s.pod.image = 'mariadb:10.4.12';
        }),
        ctx({
          reader: complete,
          operation: 'UPDATE',
          oldObject: galera((s) => {
            s.pod.image = 'mariadb:10.4.0';
          }),
        }),
      );
      assert.equal(resultOf(upgraded.results, 'galera/image-downgrade'), 'pass');
    });

    it('skips the key check, saying which objects, when the Secret and ConfigMap cannot be read (the webhook does not read them)', async () => {
      const { findings: found, results } = await harness(galeraPolicy).judge(galera(), ctx({ reader: OFFLINE_READER }));
      assert.deepEqual(found, []);
      assert.equal(resultOf(results, 'galera/reference-missing-keys'), 'skip: Secret galera/galera-secret, ConfigMap galera/galeraconf could not be read');
      // Absent ones may be applied later: checked, and nothing to say.
      assert.equal(
        resultOf((await harness(galeraPolicy).judge(galera(), ctx({ reader: new ListClusterReader([]) }))).results, 'galera/reference-missing-keys'),
        'pass',
      );
      const broken = await harness(galeraPolicy).judge(galera(), ctx({ reader: new ListClusterReader([secret('galera-secret', { user: 'root' })]) }));
      assert.equal(resultOf(broken.results, 'galera/reference-missing-keys'), 'fail');
    });

    it('reports the GaleraBackup and UpgradeRule rules the same way', async () => {
      const scheduled = await harness(galeraBackupPolicy).judge(
        backup((s) => {
          s.schedule = '0 2 * * *';
        }),
        ctx({ reader: new ListClusterReader([]) }),
      );
      assert.deepEqual(
        scheduled.results.filter((r) => r.rule.startsWith('galera/')).map((r) => `${r.rule} ${r.status}`),
        [
          'galera/backup-schedule-invalid pass',
          'galera/backup-schedule-ignored fail',
          'galera/backup-credentials-missing pass',
          'galera/s3-settings-incomplete pass',
          'galera/plaintext-credential pass',
          'galera/s3-endpoint-invalid pass',
          'galera/reference-missing-keys pass',
        ],
      );
      const empty = await harness(upgradeRulePolicy).judge({ apiVersion: API_VERSION, kind: 'UpgradeRule', metadata: { name: 'r' } }, ctx());
      assert.equal(resultOf(empty.results, 'galera/upgrade-rule-empty'), 'fail');
      const config = await harness(upgradeConfigPolicy).judge(
        { apiVersion: API_VERSION, kind: 'UpgradeConfig', metadata: { name: 'u' }, upgradeRules: [] },
        ctx(),
      );
      assert.deepEqual(
        config.results.filter((r) => !r.rule.startsWith('schema/')),
        [],
        'only the schema judges an UpgradeConfig',
      );
    });

    it('judges kubectl scale galera with the same rule, without reading the stored Galera', async () => {
      assert.deepEqual((await scaleGalera(6))!.results, [{ rule: 'galera/replicas-odd-3-to-9', status: 'fail' }]);
      assert.deepEqual((await scaleGalera(7))!.results, [{ rule: 'galera/replicas-odd-3-to-9', status: 'pass' }]);
    });

    it('makes the webhook cache nothing for these kinds: no Secrets or ConfigMaps, and no Galeras for their scale', () => {
      assert.deepEqual(new PolicyEngine(GALERA_OPERATOR_POLICIES, schemas).watchedResources(['sql.databases']), []);
      for (const policy of [galeraPolicy, galeraBackupPolicy]) {
        assert.ok(policy.references.length > 0 && policy.references.every((r) => r.group === '' && !r.watched), policy.kind);
      }
    });
  });

  describe('the rule catalog', () => {
    it('has every galera/ rule with what, why and fix', () => {
      const rules = allRules().filter((r) => r.id.startsWith('galera/'));
      assert.deepEqual(
        rules.map((r) => `${r.id} ${r.severity}`),
        [
          'galera/backup-credentials-missing error',
          'galera/backup-schedule-ignored warning',
          'galera/backup-schedule-invalid error',
          'galera/image-downgrade error',
          'galera/image-tag-not-semver error',
          'galera/plaintext-credential error',
          'galera/pod-labels-ignored warning',
          'galera/reference-missing-keys error',
          'galera/replicas-odd-3-to-9 error',
          'galera/s3-endpoint-invalid error',
          'galera/s3-settings-incomplete error',
          'galera/upgrade-rule-empty warning',
        ],
      );
      for (const r of rules) for (const text of [r.what, r.why, r.fix]) assert.ok(text.length > 10, r.id);
    });

    it('belongs to the schema file group sql.databases', () => {
      for (const policy of GALERA_OPERATOR_POLICIES) assert.equal(policy.group, 'sql.databases');
      assert.deepEqual(
        GALERA_OPERATOR_POLICIES.map((p) => p.kind),
        ['Galera', 'GaleraBackup', 'UpgradeConfig', 'UpgradeRule'],
      );
      for (const policy of GALERA_OPERATOR_POLICIES) assert.ok(KIND_POLICIES.includes(policy), `${policy.kind} is in the registry`);
    });
  });

  describe("the operator's example manifests, linted as mdbkit lint does", () => {
    const engine = new PolicyEngine(KIND_POLICIES, schemas);
    const files = readdirSync(SEEDS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((file) => parseManifests(file, readFileSync(join(SEEDS, file), 'utf8')));
    const run = lintManifests(files, engine);

    it('checks the Galera, the GaleraBackup and the restore, and skips the core kinds and the v1beta1 CRDs', async () => {
      const { documents } = await run;
      const checked = documents.filter((d) => d.status === 'checked').map((d) => `${d.file} ${d.kind}`);
      assert.deepEqual(checked, [
        'galera-backup_20-galera-backup.yaml GaleraBackup',
        'galera-cluster_40-galera.yaml Galera',
        'galera-restore_restore-galera.yaml Galera',
      ]);
      assert.equal(documents.filter((d) => d.status === 'skipped').length, 6);
    });

    it('finds no schema error in them', async () => {
      const { findings: all } = await run;
      assert.deepEqual(
        all.filter((f) => f.rule.startsWith('schema/') || f.rule.startsWith('yaml/') || f.rule.startsWith('mdbkit/')),
        [],
      );
    });

    it('reports the plain-text password of the exporter DSN in galera-cluster_40-galera.yaml, at its line', async () => {
      const { findings: all } = await run;
      const dsn = all.find((f) => f.file === 'galera-cluster_40-galera.yaml' && f.rule === 'galera/plaintext-credential');
      assert.ok(dsn, JSON.stringify(all, null, 1));
      assert.equal(dsn.path, 'spec.pod.metric.env[0].value');
      assert.equal(dsn.severity, 'error');
      assert.equal(dsn.line, 48);
      assert.match(dsn.message, /DATA_SOURCE_NAME embeds a password in user:password@ form \(value not shown\)/);
    });

    it("reports only the credentials, and the S3 endpoint placeholder the operator's README says to replace, as errors", async () => {
      const { findings: all } = await run;
      assert.deepEqual(
        all.map((f) => `${f.severity} ${f.file} ${f.rule}@${f.path}`),
        [
          // The example ships `endpoint: $YOURENDPOINT` ("change $YOURKEY, $YOURSECRET and $YOURENDPOINT"): applied as
          // it is, every backup fails, so it is a real error rather than noise.
          'error galera-backup_20-galera-backup.yaml galera/s3-endpoint-invalid@spec.s3.endpoint',
          'error galera-cluster_40-galera.yaml galera/plaintext-credential@spec.pod.metric.env[0].value',
          // The restore example copies the same DSN, and labels its pods through spec.pod.labels, which the operator ignores.
          'warning galera-restore_restore-galera.yaml galera/pod-labels-ignored@spec.pod.labels',
          'error galera-restore_restore-galera.yaml galera/plaintext-credential@spec.pod.metric.env[0].value',
        ],
      );
    });

    it('resolves the Secret and ConfigMap of the run: both have the keys the operator reads', async () => {
      const { findings: all } = await run;
      assert.deepEqual(
        all.filter((f) => f.rule === 'galera/reference-missing-keys'),
        [],
      );
      const broken = files.map((f) =>
        f.file === 'galera-cluster_30-galera-secret.yaml'
          ? parseManifests(f.file, readFileSync(join(SEEDS, f.file), 'utf8').replace('password: test', 'pass: test'))
          : f,
      );
      const { findings: withBroken } = await lintManifests(broken, engine);
      assert.deepEqual(
        withBroken.filter((f) => f.rule === 'galera/reference-missing-keys').map((f) => `${f.file} ${f.path}`),
        [
          'galera-backup_20-galera-backup.yaml spec.mariabackup.credentialsBackup.name',
          'galera-cluster_40-galera.yaml spec.pod.credentialsSecret.name',
          'galera-restore_restore-galera.yaml spec.pod.credentialsSecret.name',
        ],
      );
    });
  });
});
