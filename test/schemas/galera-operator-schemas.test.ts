// The schemas of the Galera operator's kinds (sql.databases/v1beta2): the operator's example manifests pass,
// the mistakes its own v1beta1 CRDs let through (enums on field names that do not exist, a typo'd status field,
// an object where the operator reads a list) fail at the field, and the CRD's CEL rules hold without the webhook.
import { strict as assert } from 'node:assert';
import { run as celRun } from '@bufbuild/cel';
import { crdObject, crdSchema } from '../../generator/crd/crd-object.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { manifestsIn } from '../support/fixtures.js';

const set = loadSchemas();
const validator = new SchemaValidator(set);
const GALERA_KINDS = ['Galera', 'GaleraBackup', 'UpgradeConfig', 'UpgradeRule'];
const seeds = manifestsIn('examples/seed-003-galera-operator').filter(({ object }) => String(object.apiVersion) === 'sql.databases/v1beta2');

type Manifest = Record<string, any>;

const seed = (file: string): Manifest => structuredClone(seeds.find((s) => s.file === file)!.object);
const galera = (): Manifest => seed('galera-cluster_40-galera.yaml');
const restore = (): Manifest => seed('galera-restore_restore-galera.yaml');
const backup = (): Manifest => seed('galera-backup_20-galera-backup.yaml');
const upgradeConfig = (): Manifest => ({
  apiVersion: 'sql.databases/v1beta2',
  kind: 'UpgradeConfig',
  metadata: { name: 'upgrade-config', namespace: 'galera-operator' },
  upgradeRules: [{ targetVersion: '10.5', rules: [{ name: 'innodb-file-format-removed' }] }, { targetVersion: '10' }],
});
const upgradeRule = (): Manifest => ({
  apiVersion: 'sql.databases/v1beta2',
  kind: 'UpgradeRule',
  metadata: { name: 'innodb-file-format-removed', namespace: 'galera-operator' },
  removedOption: { option: 'innodb_file_format' },
});

function edit(base: () => Manifest, change: (m: Manifest) => void): Manifest {
  const manifest = base();
  change(manifest);
  return manifest;
}

/** JSON as CEL sees a Kubernetes object: integers are ints, objects are maps. */
function celValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celValue);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

function failingRules(kind: string, spec: object): string[] {
  const definition = set.kinds.find((k) => k.kind === kind)!;
  const rules = crdSchema(set, definition).properties!.spec!['x-kubernetes-validations'] as Array<{ rule: string; message: string }>;
  return rules.filter(({ rule }) => celRun(rule, { self: celValue(spec) } as never) !== true).map((r) => r.message);
}

describe('Galera operator schemas', () => {
  describe('the kinds', () => {
    it("are the four of sql.databases/v1beta2, with the original CRDs' names, scope and short names", () => {
      const kinds = set.kinds.filter((k) => GALERA_KINDS.includes(k.kind));
      assert.deepEqual(
        kinds.map((k) => [k.kind, k.plural, k.singular, k.shortNames, k.categories, k.scope, k.groups, k.version]),
        [
          ['Galera', 'galeras', 'galera', ['gl'], ['all'], 'Namespaced', ['sql.databases'], 'v1beta2'],
          ['GaleraBackup', 'galerabackups', 'galerabackup', ['gb'], ['all'], 'Namespaced', ['sql.databases'], 'v1beta2'],
          ['UpgradeConfig', 'upgradeconfigs', 'upgradeconfig', ['gc'], ['all'], 'Namespaced', ['sql.databases'], 'v1beta2'],
          ['UpgradeRule', 'upgraderules', 'upgraderule', ['gr'], ['all'], 'Namespaced', ['sql.databases'], 'v1beta2'],
        ],
      );
    });

    it('keep the original printer columns, and the scale subresource on Galera only', () => {
      const byKind = new Map(set.kinds.map((k) => [k.kind, k]));
      assert.deepEqual(
        byKind.get('Galera')!.printerColumns.map((c) => `${c.name} ${c.jsonPath}`),
        [
          'Desired .spec.replicas',
          'Current .status.replicas',
          'Age .metadata.creationTimestamp',
          'Phase .status.phase',
          'Image .spec.pod.image',
          'MetricImage .spec.pod.metric.image',
          'Special .status.members.special',
        ],
      );
      assert.deepEqual(
        byKind.get('GaleraBackup')!.printerColumns.map((c) => c.name),
        ['TimeStarted', 'TimeCompleted', 'Location', 'Method', 'Provider'],
      );
      assert.deepEqual(byKind.get('Galera')!.scale, { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
      for (const kind of ['GaleraBackup', 'UpgradeConfig', 'UpgradeRule']) assert.equal(byKind.get(kind)!.scale, undefined, kind);
    });

    it('make structural CRDs well under the size kubectl can apply', async () => {
      for (const definition of set.kinds.filter((k) => GALERA_KINDS.includes(k.kind))) {
        const crd = crdObject(definition, 'sql.databases', crdSchema(set, definition)) as { metadata: { name: string } };
        assert.equal(crd.metadata.name, `${definition.plural}.sql.databases`);
        assert.ok(Buffer.byteLength(JSON.stringify(crd)) < 64 * 1024, definition.kind);
      }
    });
  });

  describe('accept what users write', () => {
    it('finds the Galera, GaleraBackup and restore manifests among the seeds', async () => {
      assert.deepEqual(
        seeds.map((s) => `${s.file} ${String(s.object.kind)}`),
        ['galera-backup_20-galera-backup.yaml GaleraBackup', 'galera-cluster_40-galera.yaml Galera', 'galera-restore_restore-galera.yaml Galera'],
      );
    });

    for (const { file, object } of seeds) {
      it(`accepts ${file} (${String(object.kind)})`, async () => {
        assert.deepEqual(await validator.validate(object), []);
      });
    }

    it("accepts an UpgradeConfig and an UpgradeRule as the operator's Go types read them", async () => {
      assert.deepEqual(await validator.validate(upgradeConfig()), []);
      assert.deepEqual(await validator.validate(upgradeRule()), []);
      const changed = {
        ...upgradeRule(),
        removedOption: undefined,
        changedDefaultOption: { option: 'innodb_strict_mode', oldDefault: 'OFF', newDefault: 'ON' },
      };
      delete changed.removedOption;
      assert.deepEqual(await validator.validate(changed), []);
    });

    it("accepts a status as the operator writes it, including the GaleraBackup's capitalised Conditions", async () => {
      const withStatus = edit(galera, (m) => {
        m.status = {
          observedGeneration: 2,
          phase: 'Running',
          replicas: 3,
          currentReplicas: 3,
          nextReplicas: 0,
          currentRevision: 'gal-5d8f',
          nextRevision: '',
          serviceWriter: 'gal-writer-svc',
          serviceReader: 'gal-reader-svc',
          headlessService: 'gal-hl-svc',
          podDisruptionBudgetName: 'gal-pdb',
          members: { ready: ['gal-abcde', 'gal-fghij', 'gal-klmno'], unready: [], writer: 'gal-abcde', backupWriter: 'gal-fghij', backup: 'gal-klmno' },
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2020-01-28T17:25:01Z', reason: 'Cluster ready', message: '' }],
        };
      });
      assert.deepEqual(await validator.validate(withStatus), []);
      const done = edit(backup, (m) => {
        m.status = {
          outcomeLocation: 'gal-galera-backup.20200128172501.sql.gz',
          timeStarted: '2020-01-28T17:25:01Z',
          timeCompleted: null,
          Conditions: [
            {
              Type: 'Running',
              Status: 'True',
              LastTransitionTime: '2020-01-28T17:25:01Z',
              Reason: 'backup running',
              Message: 'backup running on pod galera/galera-backup',
            },
          ],
        };
      });
      assert.deepEqual(await validator.validate(done), []);
    });
  });

  describe('reject what users get wrong, at the field they got wrong', () => {
    interface Case {
      what: string;
      manifest: Manifest;
      path: string;
      rule: string;
    }
    const cases: Case[] = [
      // The original CRDs' own mistakes.
      {
        what: 'backupMethod, where the original CRD put the enum (the field is backupMethodType)',
        manifest: edit(backup, (m) => {
          m.spec.backupMethod = 'mariabackup';
        }),
        path: 'spec.backupMethod',
        rule: 'schema/unknown-field',
      },
      {
        what: 'storageProvider, the other enum on a field that does not exist',
        manifest: edit(backup, (m) => {
          m.spec.storageProvider = 'S3';
        }),
        path: 'spec.storageProvider',
        rule: 'schema/unknown-field',
      },
      {
        what: "replics, the original CRD's typo for status.replicas",
        manifest: edit(galera, (m) => {
          m.status = { replics: 3 };
        }),
        path: 'status.replics',
        rule: 'schema/unknown-field',
      },
      {
        what: 'upgradeRules as an object, as the original CRD had it',
        manifest: edit(upgradeConfig, (m) => {
          m.upgradeRules = { targetVersion: '10.5' };
        }),
        path: 'upgradeRules',
        rule: 'schema/type',
      },
      // Enums on the real fields.
      {
        what: 'an unknown backup method',
        manifest: edit(backup, (m) => {
          m.spec.backupMethodType = 'mysqldump';
        }),
        path: 'spec.backupMethodType',
        rule: 'schema/enum',
      },
      {
        what: 'a storage provider in lower case',
        manifest: edit(backup, (m) => {
          m.spec.storageProviderType = 's3';
        }),
        path: 'spec.storageProviderType',
        rule: 'schema/enum',
      },
      {
        what: 'a restore from an unknown provider',
        manifest: edit(restore, (m) => {
          m.spec.restore.storageProviderType = 'GCS';
        }),
        path: 'spec.restore.storageProviderType',
        rule: 'schema/enum',
      },
      {
        what: 'an unknown phase',
        manifest: edit(galera, (m) => {
          m.status = { phase: 'Ready' };
        }),
        path: 'status.phase',
        rule: 'schema/enum',
      },
      {
        what: 'a backup condition of an unknown type',
        manifest: edit(backup, (m) => {
          m.status = { Conditions: [{ Type: 'Done', Status: 'True' }] };
        }),
        path: 'status.Conditions[0].Type',
        rule: 'schema/enum',
      },
      // Unknown fields in closed objects.
      {
        what: "imagePullPolicy, which the operator's pod template does not have",
        manifest: edit(galera, (m) => {
          m.spec.pod.imagePullPolicy = 'Always';
        }),
        path: 'spec.pod.imagePullPolicy',
        rule: 'schema/unknown-field',
      },
      {
        what: "a misspelled securityContext (securityContect, as in the operator's docs)",
        manifest: edit(galera, (m) => {
          m.spec.pod.securityContect = { runAsNonRoot: true };
        }),
        path: 'spec.pod.securityContect',
        rule: 'schema/unknown-field',
      },
      {
        what: 'an unknown S3 setting',
        manifest: edit(backup, (m) => {
          m.spec.s3.accessKey = 'AKIA';
        }),
        path: 'spec.s3.accessKey',
        rule: 'schema/unknown-field',
      },
      {
        what: 'a spec on an UpgradeRule, whose fields are top-level',
        manifest: edit(upgradeRule, (m) => {
          m.spec = { removedOption: m.removedOption };
        }),
        path: 'spec',
        rule: 'schema/unknown-field',
      },
      // Required values.
      {
        what: 'a Galera without persistentVolumeClaimSpec',
        manifest: edit(galera, (m) => {
          delete m.spec.persistentVolumeClaimSpec;
        }),
        path: 'spec.persistentVolumeClaimSpec',
        rule: 'schema/required',
      },
      {
        what: 'a pod without credentialsSecret (the operator dereferences it)',
        manifest: edit(galera, (m) => {
          delete m.spec.pod.credentialsSecret;
        }),
        path: 'spec.pod.credentialsSecret',
        rule: 'schema/required',
      },
      {
        what: 'a pod without mycnfConfigMap',
        manifest: edit(galera, (m) => {
          delete m.spec.pod.mycnfConfigMap;
        }),
        path: 'spec.pod.mycnfConfigMap',
        rule: 'schema/required',
      },
      {
        what: 'a metrics sidecar without an image',
        manifest: edit(galera, (m) => {
          delete m.spec.pod.metric.image;
        }),
        path: 'spec.pod.metric.image',
        rule: 'schema/required',
      },
      {
        what: 'a GaleraBackup without galeraName',
        manifest: edit(backup, (m) => {
          delete m.spec.galeraName;
        }),
        path: 'spec.galeraName',
        rule: 'schema/required',
      },
      {
        what: 'a restore without the backup file name',
        manifest: edit(restore, (m) => {
          delete m.spec.restore.name;
        }),
        path: 'spec.restore.name',
        rule: 'schema/required',
      },
      {
        what: 'an UpgradeConfig without upgradeRules',
        manifest: edit(upgradeConfig, (m) => {
          delete m.upgradeRules;
        }),
        path: 'upgradeRules',
        rule: 'schema/required',
      },
      {
        what: 'a replaced option without its replacement',
        manifest: edit(upgradeRule, (m) => {
          m.replacedOption = { option: 'innodb_file_format' };
        }),
        path: 'replacedOption.replacement',
        rule: 'schema/required',
      },
      // Values.
      {
        what: 'replicas as a string',
        manifest: edit(galera, (m) => {
          m.spec.replicas = '3';
        }),
        path: 'spec.replicas',
        rule: 'schema/type',
      },
      {
        what: 'a metrics port over 65535',
        manifest: edit(galera, (m) => {
          m.spec.pod.metric.port = 91040;
        }),
        path: 'spec.pod.metric.port',
        rule: 'schema/maximum',
      },
      {
        what: 'a negative revisionHistoryLimit',
        manifest: edit(galera, (m) => {
          m.spec.revisionHistoryLimit = -1;
        }),
        path: 'spec.revisionHistoryLimit',
        rule: 'schema/minimum',
      },
      {
        what: 'a storage request of 50GB',
        manifest: edit(galera, (m) => {
          m.spec.persistentVolumeClaimSpec.resources.requests.storage = '50GB';
        }),
        path: 'spec.persistentVolumeClaimSpec.resources.requests.storage',
        rule: 'schema/pattern',
      },
      {
        what: "a Galera name with a dot (it becomes every pod's DNS subdomain)",
        manifest: edit(galera, (m) => {
          m.metadata.name = 'gal.prod';
        }),
        path: 'metadata.name',
        rule: 'schema/pattern',
      },
      {
        what: 'a bucket name with upper case and an underscore',
        manifest: edit(backup, (m) => {
          m.spec.s3.bucket = 'Galera_Backups';
        }),
        path: 'spec.s3.bucket',
        rule: 'schema/pattern',
      },
      {
        what: 'a target version that is not numbers',
        manifest: edit(upgradeConfig, (m) => {
          m.upgradeRules[0].targetVersion = '10.5.x';
        }),
        path: 'upgradeRules[0].targetVersion',
        rule: 'schema/pattern',
      },
      {
        what: 'an option that would be read as a regular expression',
        manifest: edit(upgradeRule, (m) => {
          m.removedOption.option = 'innodb.*';
        }),
        path: 'removedOption.option',
        rule: 'schema/pattern',
      },
      {
        what: 'forcePathStyle as a string',
        manifest: edit(restore, (m) => {
          m.spec.restore.s3.forcePathStyle = 'true';
        }),
        path: 'spec.restore.s3.forcePathStyle',
        rule: 'schema/type',
      },
    ];

    it('has a table of at least 10 cases', () => {
      assert.ok(cases.length >= 10, `${cases.length} cases`);
    });

    for (const { what, manifest, path, rule } of cases) {
      it(`${what} → ${path} (${rule})`, async () => {
        const findings = await validator.validate(manifest);
        assert.ok(findings, 'the kind is served');
        const match = findings.find((f) => f.path === path && f.rule === rule);
        assert.ok(match, `expected ${rule} at ${path}, got ${JSON.stringify(findings, null, 1)}`);
        assert.equal(match.severity, 'error');
        assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
      });
    }

    it('lists the supported values of the real enum fields', async () => {
      const [finding] = (await validator.validate(
        edit(backup, (m) => {
          m.spec.storageProviderType = 's3';
        }),
      ))!;
      assert.equal(finding!.message, 'Unsupported value: "s3": supported value: "S3"');
    });

    it("suggests the real field for the original CRD's field name", async () => {
      const [finding] = (await validator.validate(
        edit(backup, (m) => {
          m.spec.backupMethod = 'mariabackup';
        }),
      ))!;
      assert.match(finding!.message, /unknown field "backupMethod": did you mean "backupMethodType"\?/);
    });
  });

  describe('CEL rules of the CRDs (they hold while the webhook is down)', () => {
    it('pass on the seed manifests', () => {
      for (const { file, object } of seeds) assert.deepEqual(failingRules(String(object.kind), object.spec as object), [], file);
    });

    it('reject a Galera size other than 3, 5, 7 or 9', () => {
      for (const replicas of [3, 5, 7, 9]) assert.deepEqual(failingRules('Galera', { ...galera().spec, replicas }), []);
      for (const replicas of [1, 2, 4, 6, 8, 10]) assert.equal(failingRules('Galera', { ...galera().spec, replicas }).length, 1, String(replicas));
    });

    it('reject an S3 restore or backup without its settings, and mariabackup without credentials', () => {
      const restoreSpec = restore().spec;
      delete restoreSpec.restore.s3.endpoint;
      assert.deepEqual(failingRules('Galera', restoreSpec), ['a restore from S3 needs restore.s3 with bucket, endpoint and credentialsSecret']);
      const noS3 = backup().spec;
      delete noS3.s3;
      assert.deepEqual(failingRules('GaleraBackup', noS3), ['storageProviderType S3 needs s3 with bucket, endpoint and credentialsSecret']);
      const noCredentials = backup().spec;
      noCredentials.mariabackup = {};
      assert.equal(failingRules('GaleraBackup', noCredentials).length, 1);
    });

    it('reject a schedule that is not five cron fields', () => {
      for (const schedule of ['0 2 * * *', '*/15 1-5 * JAN-MAR mon,fri', '@daily', '0 0 ? * *'])
        assert.deepEqual(failingRules('GaleraBackup', { ...backup().spec, schedule }), [], schedule);
      for (const schedule of ['0 2 * *', '0 0 2 * * *', 'every day', '@every 1h'])
        assert.equal(failingRules('GaleraBackup', { ...backup().spec, schedule }).length, 1, schedule);
    });
  });
});
