// What a user sees when a manifest and the chosen mariadb-operator version disagree: a field or kind that
// version lacks is named with the versions that have it (so linting before an operator upgrade tells what
// to change), and references resolve by the kind they name.
import { strict as assert } from 'node:assert';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { createPolicyEngine } from '../../policies/registry.js';
import type { PolicyEngine } from '../../policies/policy-engine.js';

const engine = createPolicyEngine();

async function lint(text: string, versions: string[] = [], at: PolicyEngine = engine) {
  const result = await lintManifests([parseManifests('m.yaml', text)], at.withOperatorVersions(versions));
  return result;
}

const MARIADB_WITH_MAXSCALE = (group: string) => `apiVersion: ${group}/v1alpha1
kind: MariaDB
metadata:
  name: mariadb-galera
spec:
  replicas: 3
  storage:
    size: 1Gi
  galera:
    enabled: true
  maxScale:
    enabled: true
`;

describe('operator versions in lint findings', () => {
  it('reports spec.maxScale of a community MariaDB as removed after 25.10, with what to do instead', async () => {
    const { findings } = await lint(MARIADB_WITH_MAXSCALE('k8s.mariadb.com'));
    const finding = findings.find((f) => f.path === 'spec.maxScale');
    assert.ok(finding, JSON.stringify(findings));
    assert.equal(finding.rule, 'schema/not-in-operator-version');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.line, 11);
    assert.match(finding.message, /mariadb-operator 26\.6 \(k8s\.mariadb\.com\): it was removed after operator 25\.10/);
    assert.match(finding.message, /MaxScale resource/);
  });

  it('accepts the same MariaDB at operator 25.10, and under the enterprise group by default', async () => {
    assert.deepEqual(
      (await lint(MARIADB_WITH_MAXSCALE('k8s.mariadb.com'), ['25.10'])).findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(
      (await lint(MARIADB_WITH_MAXSCALE('enterprise.mariadb.com'))).findings.filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('reports a field added in 26.6 when linting for 25.10', async () => {
    const text = `apiVersion: k8s.mariadb.com/v1alpha1
kind: PhysicalBackup
metadata:
  name: pb
spec:
  mariaDbRef:
    name: mariadb
  target: Replica
  storage:
    s3:
      bucket: b
      endpoint: minio:9000
`;
    const at25 = (await lint(text, ['k8s.mariadb.com=25.10'])).findings.find((f) => f.path === 'spec.target');
    assert.equal(at25?.rule, 'schema/not-in-operator-version');
    assert.match(at25.message, /it was added in operator 26\.6/);
    assert.equal(
      (await lint(text)).findings.find((f) => f.path === 'spec.target'),
      undefined,
    );
  });

  it('reports a kind the chosen version does not have, and checks it at a version that has it', async () => {
    const text = `apiVersion: k8s.mariadb.com/v1alpha1
kind: PointInTimeRecovery
metadata:
  name: pitr
spec:
  physicalBackupRef:
    name: physicalbackup
  storage:
    s3:
      bucket: binlogs
      endpoint: minio:9000
`;
    const at25 = await lint(text, ['25.10']);
    assert.deepEqual(
      at25.findings.map((f) => [f.rule, f.path, f.line]),
      [['schema/kind-not-in-operator-version', 'kind', 2]],
    );
    assert.match(at25.findings[0]!.message, /not a kind of mariadb-operator 25\.10 \(k8s\.mariadb\.com\); operator 26\.6 has it/);
    const at26 = await lint(text);
    assert.equal(at26.documents[0]!.status, 'checked');
    assert.deepEqual(at26.findings, []);
  });

  it('refuses an operator version mdbkit does not know, listing what there is', () => {
    assert.throws(() => engine.withOperatorVersions(['27.1']), /k8s\.mariadb\.com has 25\.10, 26\.6; enterprise\.mariadb\.com has 25\.10/);
    assert.throws(() => engine.withOperatorVersions(['enterprise.mariadb.com=26.6']), /enterprise\.mariadb\.com has 25\.10/);
  });
});

describe('references by kind', () => {
  const external = `apiVersion: k8s.mariadb.com/v1alpha1
kind: ExternalMariaDB
metadata:
  name: external-mariadb
spec:
  host: mariadb.example.com
  port: 3307
  username: root
  passwordSecretKeyRef:
    name: mariadb
    key: password
`;
  const connection = `apiVersion: k8s.mariadb.com/v1alpha1
kind: Connection
metadata:
  name: connection-external
spec:
  mariaDbRef:
    name: external-mariadb
    kind: ExternalMariaDB
  username: app
  passwordSecretKeyRef:
    name: app
    key: password
  secretName: connection-external
`;

  it('resolves a Connection to the ExternalMariaDB of the same run, not to a MariaDB', async () => {
    const { findings } = await lint(`${external}---\n${connection}`);
    assert.deepEqual(
      findings.filter((f) => f.rule.startsWith('connection/')),
      [],
    );
  });

  it('names the ExternalMariaDB when it is missing', async () => {
    const { findings } = await lint(connection);
    const missing = findings.find((f) => f.rule === 'connection/reference-missing' || f.rule === 'connection/reference-unresolved');
    assert.ok(missing, JSON.stringify(findings));
    assert.match(missing.message, /ExternalMariaDB/);
  });

  it('looks the ExternalMariaDB of a MaxScale up by that kind, and infers no monitor from it', async () => {
    const maxscale = `apiVersion: k8s.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: maxscale
spec:
  mariaDbRef:
    name: external-mariadb
    kind: ExternalMariaDB
`;
    const alone = await lint(maxscale);
    // Outside the run, the linter cannot know it is missing: it says what could not be looked up.
    const unresolved = alone.findings.find((f) => f.rule === 'maxscale/reference-unresolved');
    assert.match(unresolved?.message ?? '', /ExternalMariaDB default\/external-mariadb could not be looked up/);
    const together = await lint(`${external}---\n${maxscale}`);
    assert.equal(
      together.findings.find((f) => f.rule === 'maxscale/mariadb-not-found' || f.rule === 'maxscale/mariadb-not-highly-available'),
      undefined,
    );
  });
});
