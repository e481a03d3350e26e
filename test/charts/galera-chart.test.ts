// charts/galera as users meet it: the emitter's files written to a temporary folder and run through the real
// helm 3.10 (lint --strict, template), offline. The rendered objects are checked field by field, and
// galera.sh, which decides how each node starts, is run with bash against fake data directories, fake
// peers (TCP servers on 127.0.0.x), a fake mariadb client and server, and a fake image entrypoint: its
// decisions are tested without any MariaDB.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { GALERA_CHART, emitGaleraChart } from '../../generator/charts/galera-chart.js';
import { DATA_DIR, RUN_DIR, SOCKET_DIR, SST_USER, STATE_PORT } from '../../generator/charts/galera-pod.js';
import { galeraValuesSchema, REPLICA_COUNTS } from '../../generator/charts/galera-values.js';
import { helmSchemaProblems } from '../../generator/charts/helm-safe-schema.js';
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../../generator/output-file.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { writeFiles } from '../../generator/write-files.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { only, ofKind, RECOMMENDED_LABELS, type Obj } from '../support/chart-objects.js';
import { startFakeKubeApi, type FakeKubeApi } from '../support/fake-kube-api.js';
import { DEFAULT_HELM_VERSION, helm, helmAsync, helmVersions } from '../support/helm.js';
import { eventually } from '../support/eventually.js';

const RELEASE = 'db';
const NAMESPACE = 'shop';
const FULLNAME = 'db-galera';
const HEADLESS = `${FULLNAME}-headless`;
const CI_FILES = ['three-nodes-values.yaml', 'five-nodes-rsync-values.yaml', 'existing-secret-values.yaml'];
const UUID = '9acf4d34-acdb-11e6-bcc3-d3e36276629f';
const OTHER_UUID = '1acf4d34-acdb-11e6-bcc3-d3e36276629f';

let work: string;
let chartDir: string;
let files: OutputFile[];
/** The scripts as the chart ships them (files/). */
let galeraSh: string;
let sstUserSh: string;

const peerName = (i: number) => `${FULLNAME}-${i}.${HEADLESS}.${NAMESPACE}.svc.cluster.local`;
const ciArgs = (file: string | undefined): string[] => (file ? ['-f', join(chartDir, 'ci', file)] : []);

function template(args: string[]): { text: string; objects: Obj[] } {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.equal(run.status, 0, `helm template ${args.join(' ')} failed:\n${run.stderr}`);
  const objects = parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
  return { text: run.stdout, objects };
}

function rejected(args: string[]): string {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.notEqual(run.status, 0, 'helm accepted the values');
  return run.stderr;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isSchemaObject(base) || !isSchemaObject(over)) return over;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

/** Literal passwords outside Secrets: an env value of a password-like name, or a password on a command line. */
function literalPasswords(object: Obj): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (typeof value === 'string') {
      if (/(^|\s)(--password=|-p\S)/.test(value)) found.push(`${path}: ${value}`);
    } else if (isSchemaObject(value)) {
      if (typeof value.name === 'string' && /pass|pwd|secret|auth/i.test(value.name) && value.value !== undefined) found.push(`${path}: env ${value.name} has a literal value`);
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    }
  };
  visit(object, '');
  return found;
}

function containers(statefulSet: Obj): Obj[] {
  return statefulSet.spec.template.spec.containers as Obj[];
}

function container(statefulSet: Obj, name: string): Obj {
  const found = containers(statefulSet).find((c) => c.name === name);
  assert.ok(found, `container ${name}`);
  return found;
}

function env(c: Obj, name: string): Obj | undefined {
  return (c.env as Obj[] | undefined)?.find((e) => e.name === name);
}

// ---------- running galera.sh ----------

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let scriptDir: string;
let scriptPath: string;
let initdbPath: string;
let fakeBin: string;

/** bash galera.sh with a controlled environment; async, so that in-process fake peers can answer. */
function galera(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [scriptPath, ...args], {
      env: { PATH: `${fakeBin}:${process.env.PATH ?? ''}`, GALERA_ASK_TIMEOUT: '1', GALERA_POLL_SECONDS: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`galera.sh ${args.join(' ')} did not finish:\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a command that never reads its input may exit first (EPIPE)
    child.stdin.end(options.input ?? '');
  });
}

async function decide(me: number, n: number, answers: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await galera(['decide', String(me), String(n)], { input: answers.map((a, i) => `${i} ${a}\n`).join(''), env });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(work, prefix));
}

function grastate(dir: string, uuid: string, seqno: number, safe: 0 | 1): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'grastate.dat'), `# GALERA saved state\nversion: 2.1\nuuid:    ${uuid}\nseqno:   ${seqno}\nsafe_to_bootstrap: ${safe}\n`);
}

/** A peer's galera-state container: answers each connection with one line, which the test may change. */
class FakePeer {
  answer: string;
  private server: Server | undefined;
  constructor(
    readonly host: string,
    answer: string,
  ) {
    this.answer = answer;
  }
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server = createServer((socket) => socket.end(`${this.answer}\n`));
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => resolve((this.server!.address() as { port: number }).port));
    });
  }
  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Peers on 127.0.0.2, 127.0.0.3... sharing one port, as pods share GALERA_STATE_PORT. */
async function fakePeers(answers: Record<number, string>): Promise<{ port: number; peers: Map<number, FakePeer>; close: () => Promise<void> }> {
  const peers = new Map<number, FakePeer>();
  let port = 0;
  for (const [ordinal, answer] of Object.entries(answers)) {
    const peer = new FakePeer(`127.0.0.${Number(ordinal) + 1}`, answer);
    port = await peer.listen(port);
    peers.set(Number(ordinal), peer);
  }
  return { port, peers, close: async () => void (await Promise.all([...peers.values()].map((p) => p.close()))) };
}

/** A unix socket file, which `report`, `ready` and `alive` look for before calling the client. */
function socketFile(path: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(path, () => resolve(server));
  });
}

function fakeCommands(): void {
  // mariadbd --wsrep-recover writes the recovered position into --log-error, as the real server does.
  writeFileSync(
    join(fakeBin, 'mariadbd'),
    `#!/bin/bash
echo "$*" >>"\${FAKE_LOG:-/dev/null}"
for a in "$@"; do case $a in --log-error=*) log=\${a#--log-error=} ;; esac; done
if [[ -n \${FAKE_RECOVERED:-} ]]; then echo "2024-01-01  0 [Note] WSREP: Recovered position: \${FAKE_RECOVERED}" >"$log"; else echo "[ERROR] InnoDB: cannot start" >"$log"; fi
`,
    { mode: 0o755 },
  );
  // The client: records how it was called (arguments, MYSQL_PWD) and prints FAKE_SQL_OUTPUT, or fails.
  const client = `#!/bin/bash
printf 'argv=%s\\npwd=%s\\n' "$*" "\${MYSQL_PWD:-}" >>"\${FAKE_LOG:-/dev/null}"
if [[ \${FAKE_SQL_FAIL:-} == 1 ]]; then echo "ERROR 2002 (HY000): Can't connect" >&2; exit 1; fi
printf '%b' "\${FAKE_SQL_OUTPUT:-}"
`;
  writeFileSync(join(fakeBin, 'mariadb'), client, { mode: 0o755 });
  writeFileSync(join(fakeBin, 'mariadb-admin'), client, { mode: 0o755 });
  // The image's entrypoint: records what it was asked to run.
  writeFileSync(
    join(fakeBin, 'fake-entrypoint'),
    `#!/bin/bash
printf '%s\\n' "$@" >"$FAKE_ENTRYPOINT_ARGS"
if flock --nonblock --exclusive "$GALERA_RUN_DIR/running.lock" true; then echo unlocked; else echo locked; fi >"$FAKE_ENTRYPOINT_ARGS.lock"
`,
    { mode: 0o755 },
  );
}

describe('charts/galera', function () {
  this.timeout(300_000);

  before(() => {
    files = emitGaleraChart(loadSchemas());
    work = mkdtempSync(join(tmpdir(), 'mdbkit-galera-chart-'));
    writeFiles(work, files);
    chartDir = join(work, GALERA_CHART);
    scriptDir = join(chartDir, 'files');
    scriptPath = join(scriptDir, 'galera.sh');
    initdbPath = join(scriptDir, 'galera-sst-user.sh');
    galeraSh = readFileSync(scriptPath, 'utf8');
    sstUserSh = readFileSync(initdbPath, 'utf8');
    fakeBin = join(work, 'fake-bin');
    mkdirSync(fakeBin);
    fakeCommands();
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the generated files', () => {
    it('are every file of the chart, each starting with the generated header', () => {
      const paths = files.map((f) => f.path.slice(GALERA_CHART.length + 1));
      assert.deepEqual(paths, [
        '.helmignore',
        'Chart.yaml',
        'README.md',
        'ci/existing-secret-values.yaml',
        'ci/five-nodes-rsync-values.yaml',
        'ci/three-nodes-values.yaml',
        'files/galera-sst-user.sh',
        'files/galera.sh',
        'templates/NOTES.txt',
        'templates/_helpers.tpl',
        'templates/config.yaml',
        'templates/pdb.yaml',
        'templates/scripts.yaml',
        'templates/secret.yaml',
        'templates/service-headless.yaml',
        'templates/service.yaml',
        'templates/statefulset.yaml',
        'templates/tests/test-connection.yaml',
        'values.schema.json',
        'values.yaml',
      ]);
      for (const file of files) {
        const first = file.path.endsWith('.json') ? file.contents.split('\n')[1]! : file.contents.split('\n')[0]!;
        assert.ok(first.includes(GENERATED_HEADER), `${file.path} starts with ${JSON.stringify(first)}`);
      }
      const chart = parseYaml(files.find((f) => f.path.endsWith('Chart.yaml'))!.contents) as Obj;
      assert.equal(chart.apiVersion, 'v2');
      assert.equal(chart.name, 'galera');
      assert.match(chart.version, /^\d+\.\d+\.\d+/);
    });

    it('are the same bytes on every run', () => {
      const again = emitGaleraChart(loadSchemas());
      assert.deepEqual(again, files);
      for (const file of again) assert.equal(readFileSync(join(work, file.path), 'utf8'), file.contents, file.path);
    });

    it('ship the scripts as valid bash whose defaults are the paths the templates mount', () => {
      for (const path of [scriptPath, initdbPath]) {
        const check = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
        assert.equal(check.status, 0, `${path}: ${check.stderr}`);
      }
      assert.ok(galeraSh.includes(`RUN_DIR=\${GALERA_RUN_DIR:-${RUN_DIR}}`));
      assert.ok(galeraSh.includes(`DATADIR=\${GALERA_DATADIR:-${DATA_DIR}}`));
      assert.ok(galeraSh.includes(`SOCKET=\${GALERA_SOCKET:-${SOCKET_DIR}/mysqld.sock}`));
      assert.ok(galeraSh.includes(`STATE_PORT=\${GALERA_STATE_PORT:-${STATE_PORT}}`));
      assert.ok(galeraSh.includes(`SST_USER=${SST_USER}\n`) && sstUserSh.includes(`'${SST_USER}'@'localhost'`), 'one SST account name');
      assert.doesNotMatch(galeraSh, /etcd|kubectl|curl/);
    });

    it('document the values, the ci files, the recovery rules and their limits in the README', () => {
      const readme = files.find((f) => f.path.endsWith('README.md'))!.contents;
      for (const row of [
        '| `replicaCount` | integer | `3` |',
        '| `galera.sstMethod` | string | `"mariabackup"` |',
        '| `auth.existingSecret` | string | `""` |',
        '| `recovery.forceBootstrap` | boolean | `false` |',
        '| `persistence.size` | integer or string | `"8Gi"` |',
        '| `resources` | object |',
      ]) {
        assert.ok(readme.includes(row), `README lacks ${row}`);
      }
      for (const ci of CI_FILES) assert.ok(readme.includes(`ci/${ci}`), ci);
      for (const text of [
        '## Bootstrap and recovery',
        '### Limits, honestly',
        'safe_to_bootstrap: 1',
        '--wsrep-recover',
        'podManagementPolicy: Parallel',
        'replicaCount must be one of the following: 1, 3, 5, 7, 9',
        '(`galera.sh stop`, the mariadb container\'s preStop hook)',
        '## Placement',
        '## Growing storage',
        'allowVolumeExpansion: true',
        `kubectl patch pvc data-<fullname>-$i -p '{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}'`,
        'kubectl delete statefulset <fullname> --cascade=orphan',
        'helm upgrade <release> ./charts/galera --reuse-values --set persistence.size=20Gi',
        '| `shutdown.drainSeconds` | integer | `5` |',
        '| `topologySpread.zone` | string | `"ScheduleAnyway"` |',
      ]) {
        assert.ok(readme.includes(text), `README lacks ${text}`);
      }
    });
  });

  describe('values.schema.json', () => {
    let schema: JSONSchema;
    before(() => {
      schema = JSON.parse(files.find((f) => f.path.endsWith('values.schema.json'))!.contents) as JSONSchema;
    });

    it('is a draft-07 schema Helm can load that accepts values.yaml and every ci file', () => {
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      assert.ok(ajv.validateSchema(schema), ajv.errorsText(ajv.errors));
      const validate = ajv.compile(schema);
      const defaults = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Obj;
      assert.ok(validate(defaults), ajv.errorsText(validate.errors));
      for (const ci of CI_FILES) {
        const merged = deepMerge(defaults, parseYaml(readFileSync(join(chartDir, 'ci', ci), 'utf8')));
        assert.ok(validate(merged), `${ci}: ${ajv.errorsText(validate.errors)}`);
      }
      assert.deepEqual(helmSchemaProblems(schema), []);
      assert.equal(schema.additionalProperties, false);
      assert.deepEqual(galeraValuesSchema(loadSchemas()), schema);
    });

    it('allows odd replica counts only', () => {
      const replicaCount = schema.properties!.replicaCount!;
      assert.deepEqual(replicaCount.enum, [...REPLICA_COUNTS]);
      assert.ok((replicaCount.enum as number[]).every((n) => n % 2 === 1));
    });
  });

  describe('helm lint --strict', () => {
    for (const ci of [undefined, ...CI_FILES]) {
      it(`passes with ${ci ? `ci/${ci}` : 'the default values'}`, () => {
        const run = helm(['lint', '--strict', chartDir, ...ciArgs(ci)]);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
        assert.doesNotMatch(run.stdout, /\[(WARNING|ERROR)\]/);
      });
    }
  });

  describe('helm template', () => {
    const cases: Array<{ ci?: string; replicas: number; sst: string; secret: string; user?: string }> = [
      { replicas: 3, sst: 'mariabackup', secret: FULLNAME },
      { ci: 'three-nodes-values.yaml', replicas: 3, sst: 'mariabackup', secret: FULLNAME, user: 'app' },
      { ci: 'five-nodes-rsync-values.yaml', replicas: 5, sst: 'rsync', secret: FULLNAME },
      { ci: 'existing-secret-values.yaml', replicas: 3, sst: 'mariabackup', secret: 'galera-credentials', user: 'shop' },
    ];

    for (const c of cases) {
      describe(`with ${c.ci ? `ci/${c.ci}` : 'the default values'}`, () => {
        let rendered: { text: string; objects: Obj[] };
        let sts: Obj;
        before(() => {
          rendered = template(ciArgs(c.ci));
          sts = only(rendered.objects, 'StatefulSet');
        });

        it('renders the objects of the chart, labelled, and nothing of etcd', () => {
          const kinds = rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
          const expected = [
            `ConfigMap/${FULLNAME}-config`,
            `ConfigMap/${FULLNAME}-scripts`,
            `PodDisruptionBudget/${FULLNAME}`,
            `Pod/${FULLNAME}-test`,
            ...(c.secret === FULLNAME ? [`Secret/${FULLNAME}`] : []),
            `Service/${FULLNAME}`,
            `Service/${HEADLESS}`,
            `StatefulSet/${FULLNAME}`,
          ].sort();
          assert.deepEqual(kinds, expected);
          for (const object of rendered.objects) {
            for (const label of RECOMMENDED_LABELS) assert.ok(object.metadata.labels?.[label], `${object.kind} lacks ${label}`);
            assert.equal(object.metadata.namespace, NAMESPACE);
          }
          assert.doesNotMatch(rendered.text, /etcd/i);
        });

        it('has an apps/v1 StatefulSet started in parallel and updated one pod at a time', () => {
          assert.equal(sts.apiVersion, 'apps/v1');
          assert.equal(sts.spec.replicas, c.replicas);
          assert.equal(sts.spec.podManagementPolicy, 'Parallel');
          assert.equal(sts.spec.updateStrategy.type, 'RollingUpdate');
          assert.ok((sts.spec.updateStrategy.rollingUpdate.maxUnavailable ?? 1) <= 1);
          assert.equal(sts.spec.updateStrategy.rollingUpdate.partition, 0);
          assert.equal(sts.spec.serviceName, HEADLESS);
          assert.deepEqual(sts.spec.selector.matchLabels, { 'app.kubernetes.io/name': 'galera', 'app.kubernetes.io/instance': RELEASE });
          const [claim] = sts.spec.volumeClaimTemplates as Obj[];
          assert.equal(claim!.metadata.name, 'data');
          assert.deepEqual(claim!.spec.accessModes, ['ReadWriteOnce']);
          assert.ok(claim!.spec.resources.requests.storage);
          assert.deepEqual(containers(sts).map((x) => x.name), ['mariadb', 'galera-state']);
          assert.ok(sts.spec.template.metadata.annotations['checksum/config']);
        });

        it('runs as the image\'s mysql user without privileges, and never mounts an API token', () => {
          const pod = sts.spec.template.spec;
          assert.deepEqual(pod.securityContext, {
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            fsGroup: 999,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          });
          assert.equal(pod.automountServiceAccountToken, false);
          for (const x of containers(sts)) {
            assert.equal(x.securityContext.allowPrivilegeEscalation, false, x.name);
            assert.equal(x.securityContext.readOnlyRootFilesystem, true, x.name);
            assert.deepEqual(x.securityContext.capabilities.drop, ['ALL'], x.name);
            assert.ok(x.resources.requests.memory && x.resources.limits.memory, x.name);
          }
        });

        it('is ready only when Synced, and alive through a state transfer', () => {
          const mariadb = container(sts, 'mariadb');
          assert.deepEqual(mariadb.command, ['bash', '/opt/galera/galera.sh', 'start']);
          assert.deepEqual(mariadb.readinessProbe.exec.command, ['bash', '/opt/galera/galera.sh', 'ready']);
          assert.deepEqual(mariadb.livenessProbe.exec.command, ['bash', '/opt/galera/galera.sh', 'alive']);
          // A started server silent for a minute is restarted; anything shorter would kill a busy node.
          assert.ok(mariadb.livenessProbe.periodSeconds * mariadb.livenessProbe.failureThreshold >= 60);
          assert.equal(container(sts, 'galera-state').ports[0].containerPort, STATE_PORT);
          const ports = (mariadb.ports as Obj[]).map((p) => `${p.containerPort}/${p.protocol}`).sort();
          assert.deepEqual(ports, ['3306/TCP', '4444/TCP', '4567/TCP', '4567/UDP', '4568/TCP']);
        });

        it('reads every credential from the Secret, and writes none anywhere else', () => {
          const mariadb = container(sts, 'mariadb');
          const fromSecret = (name: string) => env(mariadb, name)?.valueFrom?.secretKeyRef;
          assert.equal(fromSecret('MARIADB_ROOT_PASSWORD')?.name, c.secret);
          assert.equal(env(container(sts, 'galera-state'), 'MARIADB_ROOT_PASSWORD')?.valueFrom?.secretKeyRef?.name, c.secret);
          if (c.sst === 'mariabackup') assert.equal(fromSecret('MARIADB_SST_PASSWORD')?.name, c.secret);
          else assert.equal(env(mariadb, 'MARIADB_SST_PASSWORD'), undefined);
          if (c.user) {
            assert.equal(env(mariadb, 'MARIADB_USER')?.value, c.user);
            assert.equal(fromSecret('MARIADB_PASSWORD')?.name, c.secret);
          } else assert.equal(env(mariadb, 'MARIADB_USER'), undefined);
          const test = only(rendered.objects, 'Pod');
          assert.equal(test.spec.containers[0].env[0].name, 'MYSQL_PWD');
          assert.equal(test.spec.containers[0].env[0].valueFrom.secretKeyRef.name, c.secret);

          const secrets = ofKind(rendered.objects, 'Secret');
          for (const object of rendered.objects.filter((o) => o.kind !== 'Secret')) {
            assert.deepEqual(literalPasswords(object), [], `${object.kind} ${object.metadata.name}`);
          }
          for (const secret of secrets) {
            assert.equal(secret.metadata.annotations['helm.sh/resource-policy'], 'keep');
            assert.equal(secret.stringData, undefined);
            const expectedKeys = ['root-password', ...(c.user ? ['password'] : []), ...(c.sst === 'mariabackup' ? ['sst-password'] : [])];
            assert.deepEqual(Object.keys(secret.data).sort(), expectedKeys.sort());
            for (const value of Object.values<string>(secret.data)) {
              const password = Buffer.from(value, 'base64').toString();
              assert.match(password, /^[A-Za-z0-9]{32}$/);
              assert.equal(rendered.text.split(password).length, 1, 'a generated password appears in plain text');
            }
          }
          // Only galera.sh writes it, from the environment, at start.
          assert.deepEqual(rendered.text.match(/wsrep_sst_auth\s*=.*/g), ['wsrep_sst_auth = "%s:%s"\\n\' "$SST_USER" "$password"']);
        });

        it('has a headless Service for the peers that publishes unready pods, and a client Service of ready pods', () => {
          const headless = only(rendered.objects, 'Service', HEADLESS);
          assert.equal(headless.spec.clusterIP, 'None');
          assert.equal(headless.spec.publishNotReadyAddresses, true);
          const ports = (headless.spec.ports as Obj[]).map((p) => `${p.port}/${p.protocol}`).sort();
          assert.deepEqual(ports, ['3306/TCP', '4444/TCP', '4567/TCP', '4567/UDP', '4568/TCP', `${STATE_PORT}/TCP`]);
          const client = only(rendered.objects, 'Service', FULLNAME);
          assert.equal(client.spec.type, 'ClusterIP');
          assert.notEqual(client.spec.clusterIP, 'None');
          assert.ok(!client.spec.publishNotReadyAddresses);
          assert.deepEqual(client.spec.ports, [{ name: 'mysql', port: 3306, targetPort: 'mysql', protocol: 'TCP' }]);
          for (const service of [headless, client]) assert.deepEqual(service.spec.selector, sts.spec.selector.matchLabels);
        });

        it('has a PodDisruptionBudget of maxUnavailable 1', () => {
          const pdb = only(rendered.objects, 'PodDisruptionBudget');
          assert.equal(pdb.apiVersion, 'policy/v1');
          assert.deepEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: sts.spec.selector.matchLabels } });
        });

        it('configures Galera with every peer by its stable name', () => {
          const cnf = only(rendered.objects, 'ConfigMap', `${FULLNAME}-config`).data['galera.cnf'] as string;
          const setting = (name: string) => new RegExp(`^${name} = (.*)$`, 'm').exec(cnf)?.[1];
          const peers = Array.from({ length: c.replicas }, (_, i) => peerName(i));
          assert.equal(setting('wsrep_cluster_address'), `gcomm://${peers.join(',')}`);
          assert.equal(env(container(sts, 'mariadb'), 'GALERA_PEERS')?.value, peers.join(' '));
          assert.equal(setting('wsrep_on'), 'ON');
          assert.equal(setting('wsrep_provider'), '/usr/lib/galera/libgalera_smm.so');
          assert.equal(setting('wsrep_sst_method'), c.sst);
          assert.equal(setting('binlog_format'), 'ROW');
          assert.equal(setting('default_storage_engine'), 'InnoDB');
          assert.equal(setting('innodb_autoinc_lock_mode'), '2');
          assert.equal(setting('bind-address'), '0.0.0.0');
          assert.equal(setting('datadir'), DATA_DIR);
          assert.match(cnf, /^!include \/run\/galera\/sst-auth\.cnf\n$/m);
          assert.ok(cnf.trimEnd().endsWith('!include /run/galera/sst-auth.cnf'), 'the Secret-backed file comes last');
        });

        it('mounts the scripts from a ConfigMap: galera.sh as rendered is the chart file, and valid bash', () => {
          const data = only(rendered.objects, 'ConfigMap', `${FULLNAME}-scripts`).data as Obj;
          assert.equal(data['galera.sh'], galeraSh);
          assert.equal(data['galera-sst-user.sh'], sstUserSh);
          const extracted = join(work, `extracted-${c.ci ?? 'default'}.sh`);
          writeFileSync(extracted, data['galera.sh']);
          const check = spawnSync('bash', ['-n', extracted], { encoding: 'utf8' });
          assert.equal(check.status, 0, check.stderr);
          const volumes = sts.spec.template.spec.volumes as Obj[];
          const initdb = volumes.find((v) => v.name === 'initdb')!;
          assert.deepEqual(initdb.configMap.items, [{ key: 'galera-sst-user.sh', path: 'galera-sst-user.sh' }]);
          assert.equal(initdb.configMap.defaultMode & 0o111, 0, 'not executable, so the entrypoint sources it');
          assert.deepEqual(volumes.find((v) => v.name === 'run')!.emptyDir, { medium: 'Memory', sizeLimit: '16Mi' });
        });

        it('passes mdbkit lint without an error (every kind is Kubernetes\' own, skipped with a note)', async () => {
          const result = await lintManifests([parseManifests('rendered.yaml', rendered.text)], createPolicyEngine());
          assert.deepEqual(result.findings.filter((f) => f.severity === 'error'), []);
          const cli = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
          if (existsSync(cli)) {
            const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'mdbkit.js'), 'lint', '--verbose', '-'], { input: rendered.text, encoding: 'utf8', timeout: 60_000 });
            assert.equal(run.status, 0, run.stdout + run.stderr);
            assert.match(run.stdout, /^no problems in \d+ documents in 1 file \(\d+ of other kinds not checked\)$/m);
            assert.match(run.stderr, /note: skipped StatefulSet "db-galera" \(apps\/v1\)/);
          }
        });
      });
    }

    it('names the storage class, the cluster name and the service type from the values', () => {
      const { objects } = template(['--set', 'persistence.storageClass=fast-ssd', '--set', 'galera.clusterName=shop', '--set', 'service.type=LoadBalancer', '--set', 'replicaCount=1']);
      const sts = only(objects, 'StatefulSet');
      assert.equal(sts.spec.volumeClaimTemplates[0].spec.storageClassName, 'fast-ssd');
      assert.match(only(objects, 'ConfigMap', `${FULLNAME}-config`).data['galera.cnf'], /^wsrep_cluster_name = "shop"$/m);
      assert.equal(only(objects, 'Service', FULLNAME).spec.type, 'LoadBalancer');
      assert.equal(env(container(sts, 'mariadb'), 'GALERA_PEERS')?.value, peerName(0));
    });
  });

  describe('shutdown: the preStop hook', () => {
    it('runs galera.sh stop before the kubelet\'s SIGTERM, with the drain and the checks the grace period leaves', () => {
      const mariadb = container(only(template([]).objects, 'StatefulSet'), 'mariadb');
      assert.deepEqual(mariadb.lifecycle, { preStop: { exec: { command: ['bash', '/opt/galera/galera.sh', 'stop'] } } });
      assert.equal(env(mariadb, 'GALERA_DRAIN_SECONDS')?.value, '5');
      assert.equal(env(mariadb, 'GALERA_STOP_CHECKS')?.value, '115', '120 s of grace, 5 of them draining');
      const tuned = container(only(template(['--set', 'shutdown.drainSeconds=0', '--set', 'terminationGracePeriodSeconds=30']).objects, 'StatefulSet'), 'mariadb');
      assert.equal(env(tuned, 'GALERA_DRAIN_SECONDS')?.value, '0');
      assert.equal(env(tuned, 'GALERA_STOP_CHECKS')?.value, '30');
    });

    it('refuses a drain that is not below terminationGracePeriodSeconds, or a negative one', () => {
      assert.match(
        rejected(['--set', 'shutdown.drainSeconds=120']),
        /shutdown\.drainSeconds: 120 is not below terminationGracePeriodSeconds \(120\): the node would be killed before it shuts down and leaves the cluster/,
      );
      assert.match(rejected(['--set', 'shutdown.drainSeconds=45', '--set', 'terminationGracePeriodSeconds=30']), /shutdown\.drainSeconds: 45 is not below terminationGracePeriodSeconds \(30\)/);
      assert.match(rejected(['--set', 'shutdown.drainSeconds=-1']), /- shutdown\.drainSeconds: Must be greater than or equal to 0/);
      // helm lint runs templates in lint mode, where fail is reported but not fatal.
      const lint = helm(['lint', '--strict', chartDir, '--set', 'shutdown.drainSeconds=120']);
      assert.match(lint.stdout + lint.stderr, /Fail: shutdown\.drainSeconds: 120 is not below terminationGracePeriodSeconds/);
    });
  });

  describe('topology spread', () => {
    const spread = (args: string[]): Obj[] | undefined => only(template(args).objects, 'StatefulSet').spec.template.spec.topologySpreadConstraints as Obj[] | undefined;
    const selector = { 'app.kubernetes.io/name': 'galera', 'app.kubernetes.io/instance': RELEASE };
    const constraint = (topologyKey: string, whenUnsatisfiable: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: selector } });

    it('spreads over zones and hosts by default, as a preference, and sets no affinity of its own', () => {
      const sts = only(template([]).objects, 'StatefulSet');
      assert.deepEqual(sts.spec.template.spec.topologySpreadConstraints, [
        constraint('topology.kubernetes.io/zone', 'ScheduleAnyway'),
        constraint('kubernetes.io/hostname', 'ScheduleAnyway'),
      ]);
      assert.deepEqual(sts.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels, sts.spec.selector.matchLabels);
      assert.equal(sts.spec.template.spec.affinity, undefined);
    });

    it('makes a spread a requirement with DoNotSchedule, and drops one with ""', () => {
      assert.deepEqual(spread(['--set', 'topologySpread.zone=DoNotSchedule']), [
        constraint('topology.kubernetes.io/zone', 'DoNotSchedule'),
        constraint('kubernetes.io/hostname', 'ScheduleAnyway'),
      ]);
      assert.deepEqual(spread(['--set', 'topologySpread.zone=', '--set', 'topologySpread.host=DoNotSchedule']), [constraint('kubernetes.io/hostname', 'DoNotSchedule')]);
      assert.deepEqual(spread(['--set', 'topologySpread.host=']), [constraint('topology.kubernetes.io/zone', 'ScheduleAnyway')]);
    });

    it('renders no topologySpreadConstraints key when both are ""', () => {
      const { objects, text } = template(['--set', 'topologySpread.zone=', '--set', 'topologySpread.host=']);
      assert.ok(!('topologySpreadConstraints' in only(objects, 'StatefulSet').spec.template.spec));
      assert.doesNotMatch(text, /topologySpreadConstraints/);
    });

    it('keeps an affinity the values set, beside the spread', () => {
      const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } };
      const values = join(work, 'affinity-values.yaml');
      writeFileSync(values, JSON.stringify({ affinity }));
      const pod = only(template(['-f', values]).objects, 'StatefulSet').spec.template.spec;
      assert.deepEqual(pod.affinity, affinity);
      assert.equal(pod.topologySpreadConstraints.length, 2);
    });

    it('refuses any other policy with the value\'s path', () => {
      assert.match(rejected(['--set', 'topologySpread.zone=Sometimes']), /- topologySpread\.zone: topologySpread\.zone must be one of the following: "ScheduleAnyway", "DoNotSchedule", ""/);
      assert.match(rejected(['--set', 'topologySpread.rack=DoNotSchedule']), /Additional property rack is not allowed/);
    });
  });

  describe('growing storage', () => {
    it('leaves the pod template byte for byte as it was when persistence.size changes: re-creating the StatefulSet restarts no pod', () => {
      const statefulSet = (size: string) => {
        const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, '--show-only', 'templates/statefulset.yaml', '--set', `persistence.size=${size}`]);
        assert.equal(run.status, 0, run.stderr);
        return run.stdout;
      };
      const [small, large] = [statefulSet('8Gi'), statefulSet('20Gi')];
      const podTemplate = (text: string) => text.slice(text.indexOf('\n  template:\n'), text.indexOf('\n  volumeClaimTemplates:\n'));
      assert.ok(podTemplate(small).length > 1000, 'found the pod template');
      assert.equal(podTemplate(large), podTemplate(small));
      const changed = large.split('\n').filter((line, i) => line !== small.split('\n')[i]);
      assert.deepEqual(changed, ['            storage: 20Gi'], 'the claim template\'s size is the one line that differs');
    });

    it('renders without a cluster: helm template and lint find no live StatefulSet', () => {
      assert.equal(only(template(['--set', 'persistence.size=20Gi']).objects, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage, '20Gi');
    });

    // helm 3.10 has no --dry-run=server; the later pinned helms read the fake API server's StatefulSet.
    for (const version of helmVersions().filter((v) => v !== DEFAULT_HELM_VERSION)) {
      describe(`against a live StatefulSet (helm ${version}, template --dry-run=server)`, () => {
        let api: FakeKubeApi;
        const live = (storage: string | number): Obj => ({
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          // What Helm put on it when it installed the release (helm 4 checks it before its server-side dry run).
          metadata: {
            name: FULLNAME,
            namespace: NAMESPACE,
            labels: { 'app.kubernetes.io/managed-by': 'Helm' },
            annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': NAMESPACE },
          },
          spec: { replicas: 3, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } }] },
        });
        const render = (args: string[]) =>
          helmAsync(['template', RELEASE, chartDir, '--namespace', NAMESPACE, '--dry-run=server', '--disable-openapi-validation', ...args], { version, kubeconfig: api.kubeconfig });
        before(async () => {
          api = await startFakeKubeApi(tempDir('kube-api-'));
        });
        after(() => api.close());
        beforeEach(() => {
          api.objects.length = 0;
          api.requests.length = 0;
        });

        it('renders a first install: lookup asked for the StatefulSet and found none', async () => {
          const run = await render(['--set', 'persistence.size=20Gi']);
          assert.equal(run.status, 0, run.stderr + api.requests.join('\n'));
          assert.ok(api.requests.includes(`GET /apis/apps/v1/namespaces/${NAMESPACE}/statefulsets/${FULLNAME}`), api.requests.join('\n'));
        });

        it('refuses another size than the live claim template\'s, naming both sizes and the procedure', async () => {
          api.objects.push(live('8Gi'));
          const run = await render(['--set', 'persistence.size=20Gi']);
          assert.notEqual(run.status, 0, 'helm rendered a size the API server would refuse');
          assert.match(run.stderr, /persistence\.size: 20Gi, but the live StatefulSet db-galera in namespace shop asks 8Gi for its data volumes/);
          assert.match(run.stderr, /patch each PersistentVolumeClaim data-db-galera-<ordinal>, delete the StatefulSet with --cascade=orphan/);
          assert.match(run.stderr, /README\.md, \\?"Growing storage\\?"/);
          assert.match(run.stderr, /set persistence\.size back to 8Gi/);
        });

        it('renders the same size, however it is spelled', async () => {
          api.objects.push(live('8Gi'));
          for (const size of ['8Gi', '8192Mi', '8589934592']) {
            const run = await render(['--set', `persistence.size=${size}`]);
            assert.equal(run.status, 0, `${size}: ${run.stderr}${api.requests.join('\n')}`);
          }
          api.objects[0] = live('20G');
          assert.equal((await render(['--set', 'persistence.size=20e9'])).status, 0, '20e9 is 20G');
          assert.notEqual((await render(['--set', 'persistence.size=20Gi'])).status, 0, '20Gi is not 20G');
        });
      });
    }
  });

  describe('NOTES.txt', () => {
    /** `helm template` does not print NOTES.txt: render it through tpl in a copy of the chart. */
    function notes(args: string[]): string {
      const copy = join(work, 'notes-preview', 'galera');
      rmSync(join(work, 'notes-preview'), { recursive: true, force: true });
      cpSync(chartDir, copy, { recursive: true });
      cpSync(join(copy, 'templates', 'NOTES.txt'), join(copy, 'files', 'notes.txt'));
      writeFileSync(
        join(copy, 'templates', 'notes-preview.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: |\n{{ tpl (.Files.Get "files/notes.txt") . | indent 4 }}\n',
      );
      const run = helm(['template', RELEASE, copy, '--namespace', NAMESPACE, '--show-only', 'templates/notes-preview.yaml', ...args]);
      assert.equal(run.status, 0, run.stderr);
      return (parseYaml(run.stdout) as Obj).data.notes as string;
    }

    it('says where to connect, where the root password is, and how a stopped cluster recovers', () => {
      const text = notes([]);
      assert.match(text, new RegExp(`Service ${FULLNAME}\\.${NAMESPACE}\\.svc, port 3306 \\(Synced nodes only\\)`));
      assert.match(text, new RegExp(`root password is in Secret ${FULLNAME}, key root-password`));
      assert.match(text, new RegExp(`kubectl get secret ${FULLNAME} --namespace ${NAMESPACE} -o jsonpath='\\{\\.data\\.root-password\\}' \\| base64 -d`));
      assert.match(text, /mariadb --skip-ssl-verify-server-cert -h db-galera -P 3306 -u root -p\n/);
      assert.match(text, /recovery\.forceBootstrap=true,recovery\.forceBootstrapFrom=<ordinal>/);
      assert.doesNotMatch(text, /WARNING/);
    });

    it('names the existing Secret and its keys, the application user, and warns while a bootstrap is forced', () => {
      const text = notes([...ciArgs('existing-secret-values.yaml'), '--set', 'recovery.forceBootstrap=true']);
      assert.match(text, /root password is in Secret galera-credentials, key root:/);
      assert.match(text, /Applications connect as shop to database shop; the password is in Secret galera-credentials, key shop\./);
      assert.match(text, /WARNING: recovery\.forceBootstrap is on \(pod db-galera-0\)/);
    });
  });

  describe('bad values', () => {
    it('an even replica count fails with the path of the value', () => {
      for (const n of ['4', '2']) {
        assert.match(rejected(['--set', `replicaCount=${n}`]), /- replicaCount: replicaCount must be one of the following: 1, 3, 5, 7, 9/);
      }
      const lint = helm(['lint', '--strict', chartDir, '--set', 'replicaCount=4']);
      assert.notEqual(lint.status, 0);
      assert.match(lint.stdout, /replicaCount/);
    });

    it('an SST method the image cannot run, a reserved user name or a misspelled key fails with its path', () => {
      assert.match(rejected(['--set', 'galera.sstMethod=xtrabackup']), /- galera\.sstMethod: galera\.sstMethod must be one of the following: "mariabackup", "rsync"/);
      assert.match(rejected(['--set', 'auth.username=root']), /- auth\.username: Must not validate the schema/);
      assert.match(rejected(['--set', 'replicas=3']), /Additional property replicas is not allowed/);
      assert.match(rejected(['--set', 'persistence.size=8GB']), /- persistence\.size: /);
      assert.match(rejected(['--set', `fullnameOverride=${'a'.repeat(41)}`]), /- fullnameOverride: String length must be less than or equal to 40/);
    });

    it('a forced bootstrap from a pod the cluster does not have fails', () => {
      assert.match(rejected(['--set', 'recovery.forceBootstrapFrom=3']), /recovery\.forceBootstrapFrom: 3 is not a pod of this cluster \(replicaCount 3: ordinals 0 to 2\)/);
    });
  });

  describe('galera.sh decide: who bootstraps', () => {
    const w = (seqno: number, safe: 0 | 1 = 0, uuid = UUID) => `waiting ${uuid} ${seqno} ${safe}`;
    const cases: Array<{ name: string; me: number; answers: string[]; expect: RegExp; env?: Record<string, string> }> = [
      { name: 'a new cluster: pod 0 bootstraps once every node is empty', me: 0, answers: ['fresh', 'fresh', 'fresh'], expect: /^bootstrap a new cluster/ },
      { name: 'a new cluster: pod 0 waits while a peer has not answered', me: 0, answers: ['fresh', 'fresh', 'none'], expect: /^wait a new cluster: 2 of 3/ },
      { name: 'a new cluster: other pods never bootstrap', me: 1, answers: ['fresh', 'fresh', 'fresh'], expect: /^wait a new node joins once a peer is primary/ },
      { name: 'a running cluster: join it', me: 1, answers: ['primary', 'fresh', 'fresh'], expect: /^join node 0 is in a primary component/ },
      { name: 'a running cluster: a node with data joins too', me: 2, answers: ['primary', 'primary', w(40)], expect: /^join/ },
      { name: 'a peer starting its server: wait for it', me: 0, answers: [w(12), 'starting', w(11)], expect: /^wait node 1 is starting/ },
      { name: 'pod 0 lost its volume: it never bootstraps over peers with data', me: 0, answers: ['fresh', w(12), w(11)], expect: /^wait this node has no data and node\(s\) 1 2 have/ },
      { name: 'a clean full stop: the node with safe_to_bootstrap bootstraps at once', me: 2, answers: ['none', 'none', w(11, 1)], expect: /^bootstrap safe_to_bootstrap: 1/ },
      { name: 'a clean full stop: the others wait for it', me: 0, answers: [w(10), 'none', w(11, 1)], expect: /^wait node 2 has safe_to_bootstrap: 1/ },
      { name: 'a crash: the highest seqno bootstraps once all have reported', me: 1, answers: [w(10), w(12), w(11)], expect: /^bootstrap this node has the highest seqno \(12\) of all 3 nodes/ },
      { name: 'a crash: a lower seqno waits for the highest', me: 0, answers: [w(10), w(12), w(11)], expect: /^wait node 1 has the highest seqno \(12\); this node has 10/ },
      { name: 'a crash: nobody decides while a node is missing (it may hold the last commits)', me: 1, answers: [w(10), w(12), 'none'], expect: /^wait no node is safe to bootstrap \(a crash\): all 3 nodes must report their seqno, 2 have/ },
      { name: 'a crash: a tie goes to the lowest ordinal', me: 0, answers: [w(12), w(12), w(11)], expect: /^bootstrap this node has the highest seqno/ },
      { name: 'a crash: the tie loser waits', me: 1, answers: [w(12), w(12), w(11)], expect: /^wait node 0 has the highest seqno/ },
      { name: 'a crash where no position could be recovered: a person decides', me: 0, answers: [w(-1), w(-1), w(-1)], expect: /^wait no node could recover its seqno/ },
      { name: 'nodes of different clusters: a person decides', me: 0, answers: [w(12), w(13, 0, OTHER_UUID), w(11)], expect: /^wait nodes hold different clusters/ },
      { name: 'one node: it bootstraps its own data', me: 0, answers: [w(7)], expect: /^bootstrap this node has the highest seqno \(7\) of all 1 nodes/ },
      { name: 'one new node: it bootstraps', me: 0, answers: ['fresh'], expect: /^bootstrap a new cluster/ },
      { name: 'a forced bootstrap: the named node starts without the others', me: 1, answers: ['none', w(3), 'none'], expect: /^bootstrap forced by recovery\.forceBootstrap/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '1' } },
      { name: 'a forced bootstrap: other nodes wait for it, even with a higher seqno', me: 0, answers: [w(9), w(3), 'none'], expect: /^wait recovery\.forceBootstrap names node 1/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '1' } },
      { name: 'a forced bootstrap still joins a running cluster', me: 1, answers: ['primary', w(3), 'none'], expect: /^join/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '1' } },
      { name: 'a forced bootstrap of an empty pod 0 starts a new cluster without every peer', me: 0, answers: ['fresh', 'none', 'none'], expect: /^bootstrap forced/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '0' } },
      { name: 'a forced bootstrap never makes an empty node overwrite peers with data', me: 0, answers: ['fresh', w(5), 'none'], expect: /^wait this node has no data/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '0' } },
      { name: 'a forced bootstrap does not wait for a peer stuck starting', me: 0, answers: [w(9), 'starting', 'none'], expect: /^bootstrap forced/, env: { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '0' } },
      { name: 'malformed answers count as none', me: 0, answers: ['fresh', 'hello', `waiting ${UUID} x 0`], expect: /^wait a new cluster: 1 of 3/ },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        assert.match(await decide(c.me, c.answers.length, c.answers, c.env), c.expect);
      });
    }

    it('every node reaches the same bootstrapper from the same answers', async () => {
      const answers = [w(40), w(42), w(41), w(42), w(7)];
      const decisions = await Promise.all(answers.map((_, me) => decide(me, answers.length, answers)));
      assert.deepEqual(decisions.map((d) => d.split(' ')[0]), ['wait', 'bootstrap', 'wait', 'wait', 'wait']);
    });
  });

  describe('galera.sh local-state: what a node holds', () => {
    const state = (datadir: string, extra: Record<string, string> = {}) => galera(['local-state'], { env: { GALERA_DATADIR: datadir, GALERA_RUN_DIR: tempDir('run-'), ...extra } });

    it('no grastate.dat, or an empty cluster UUID: fresh', async () => {
      const dir = tempDir('data-');
      assert.equal((await state(dir)).stdout, 'fresh\n');
      grastate(dir, '00000000-0000-0000-0000-000000000000', -1, 0);
      assert.equal((await state(dir)).stdout, 'fresh\n');
    });

    it('a clean stop: the seqno and safe_to_bootstrap of grastate.dat, without running the server', async () => {
      const dir = tempDir('data-');
      grastate(dir, UUID, 42, 1);
      const log = join(work, 'clean-mariadbd.log');
      assert.equal((await state(dir, { FAKE_LOG: log })).stdout, `waiting ${UUID} 42 1\n`);
      assert.ok(!existsSync(log), 'mariadbd was not run');
    });

    it('a crash (seqno -1): the position mariadbd --wsrep-recover finds in InnoDB', async () => {
      const dir = tempDir('data-');
      grastate(dir, UUID, -1, 0);
      const log = join(work, 'crash-mariadbd.log');
      const run = await state(dir, { FAKE_RECOVERED: `${UUID}:57`, FAKE_LOG: log });
      assert.equal(run.stdout, `waiting ${UUID} 57 0\n`);
      assert.match(readFileSync(log, 'utf8'), new RegExp(`--datadir=${dir} --wsrep-recover --log-error=`));
    });

    it('a crash whose recovery fails, or finds another cluster: seqno -1', async () => {
      const dir = tempDir('data-');
      grastate(dir, UUID, -1, 0);
      const failed = await state(dir);
      assert.equal(failed.stdout, `waiting ${UUID} -1 0\n`);
      assert.match(failed.stderr, /found no position; its log:\n\[ERROR\] InnoDB/);
      assert.equal((await state(dir, { FAKE_RECOVERED: `${OTHER_UUID}:57` })).stdout, `waiting ${UUID} -1 0\n`);
    });
  });

  describe('galera.sh ask and report: the peer protocol', () => {
    it('ask returns a peer\'s answer, and none for silence, garbage or a closed port', async () => {
      const { port, peers, close } = await fakePeers({ 1: `waiting ${UUID} 3 0` });
      try {
        const ask = (host: string) => galera(['ask', host], { env: { GALERA_STATE_PORT: String(port) } }).then((r) => r.stdout);
        assert.equal(await ask('127.0.0.2'), `waiting ${UUID} 3 0\n`);
        peers.get(1)!.answer = 'primary';
        assert.equal(await ask('127.0.0.2'), 'primary\n');
        peers.get(1)!.answer = 'HTTP/1.1 400 Bad Request';
        assert.equal(await ask('127.0.0.2'), 'none\n');
        assert.equal(await ask('127.0.0.9'), 'none\n');
        assert.equal(await ask('no-such-peer.invalid'), 'none\n');
      } finally {
        await close();
      }
    });

    it('report says primary while the local server is in a primary component, else what start wrote', async () => {
      const run = tempDir('run-');
      const socket = join(run, 'mysqld.sock');
      const log = join(work, 'report.log');
      const report = (extra: Record<string, string> = {}) =>
        galera(['report'], { env: { GALERA_RUN_DIR: run, GALERA_SOCKET: socket, MARIADB_ROOT_PASSWORD: 's3cret', FAKE_LOG: log, ...extra } }).then((r) => r.stdout);
      assert.equal(await report(), 'unknown\n');
      writeFileSync(join(run, 'state'), `waiting ${UUID} 5 0\n`);
      assert.equal(await report(), `waiting ${UUID} 5 0\n`, 'no socket: the server is not running');
      const server = await socketFile(socket);
      try {
        assert.equal(await report({ FAKE_SQL_OUTPUT: 'wsrep_cluster_status\\tPrimary\\n' }), 'primary\n');
        assert.equal(await report({ FAKE_SQL_OUTPUT: 'wsrep_cluster_status\\tnon-Primary\\n' }), `waiting ${UUID} 5 0\n`);
        assert.equal(await report({ FAKE_SQL_FAIL: '1' }), `waiting ${UUID} 5 0\n`);
        writeFileSync(join(run, 'state'), 'half a li');
        assert.equal(await report({ FAKE_SQL_FAIL: '1' }), 'unknown\n');
        // "starting" is only true while the mariadb container runs, which it shows by holding a lock.
        writeFileSync(join(run, 'state'), 'starting\n');
        assert.equal(await report({ FAKE_SQL_FAIL: '1' }), 'unknown\n', 'nobody holds the lock: the container crashed');
        const holder = spawn('flock', ['--exclusive', join(run, 'running.lock'), 'sleep', '30'], { stdio: 'ignore', detached: true });
        try {
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(await report({ FAKE_SQL_FAIL: '1' }), 'starting\n');
        } finally {
          process.kill(-holder.pid!, 'SIGKILL'); // flock and its sleep
        }
      } finally {
        server.close();
      }
      const calls = readFileSync(log, 'utf8');
      assert.match(calls, /pwd=s3cret/);
      assert.doesNotMatch(calls, /argv=.*s3cret/, 'the password is never an argument');
    });
  });

  describe('galera.sh ready and alive: the probes', () => {
    let run: string;
    let socket: string;
    let server: Server;
    before(async () => {
      run = tempDir('probe-');
      socket = join(run, 'mysqld.sock');
      server = await socketFile(socket);
    });
    after(() => server.close());

    const status = (state: string, cluster = 'Primary', readyFlag = 'ON') =>
      `wsrep_cluster_status\\t${cluster}\\nwsrep_local_state\\t${state}\\nwsrep_ready\\t${readyFlag}\\n`;
    const probe = (which: string, extra: Record<string, string>) =>
      galera([which], { env: { GALERA_RUN_DIR: run, GALERA_SOCKET: socket, MARIADB_ROOT_PASSWORD: 'pw', ...extra } });

    it('ready passes for a Synced node in a primary component only', async () => {
      assert.equal((await probe('ready', { FAKE_SQL_OUTPUT: status('4') })).status, 0);
      for (const [state, cluster, flag, why] of [
        ['1', 'Primary', 'ON', /wsrep_local_state=1 \(4 is Synced\)/],
        ['2', 'Primary', 'ON', /wsrep_local_state=2/],
        ['3', 'Primary', 'ON', /wsrep_local_state=3/],
        ['4', 'non-Primary', 'OFF', /wsrep_cluster_status=non-Primary/],
      ] as const) {
        const result = await probe('ready', { FAKE_SQL_OUTPUT: status(state, cluster, flag) });
        assert.equal(result.status, 1, `state ${state} ${cluster}`);
        assert.match(result.stderr, why);
      }
      const down = await probe('ready', { FAKE_SQL_FAIL: '1' });
      assert.equal(down.status, 1);
      assert.match(down.stderr, /the server does not answer/);
    });

    it('ready asks wsrep_local_state with the password in MYSQL_PWD, never on the command line', async () => {
      const log = join(work, 'ready.log');
      await probe('ready', { FAKE_SQL_OUTPUT: status('4'), FAKE_LOG: log, MARIADB_ROOT_PASSWORD: 'n0t-in-argv' });
      const calls = readFileSync(log, 'utf8');
      assert.match(calls, /argv=--protocol=socket .*--user=root .*wsrep_local_state/);
      assert.match(calls, /pwd=n0t-in-argv/);
      assert.doesNotMatch(calls, /argv=.*n0t-in-argv/);
    });

    it('alive passes while the node decides and while its server has not opened its socket (SST, IST, recovery)', async () => {
      writeFileSync(join(run, 'state'), `waiting ${UUID} 5 0\n`);
      assert.equal((await probe('alive', { FAKE_SQL_FAIL: '1' })).status, 0);
      writeFileSync(join(run, 'state'), 'starting\n');
      assert.equal((await probe('alive', { FAKE_SQL_FAIL: '1', GALERA_SOCKET: join(run, 'not-yet.sock') })).status, 0);
    });

    it('alive fails only when a started server with an open socket stops answering', async () => {
      writeFileSync(join(run, 'state'), 'starting\n');
      assert.equal((await probe('alive', {})).status, 0);
      const hung = await probe('alive', { FAKE_SQL_FAIL: '1' });
      assert.equal(hung.status, 1);
      assert.match(hung.stderr, /opened .* but does not answer/);
    });
  });

  describe('galera.sh stop: the preStop hook', () => {
    const synced = 'wsrep_cluster_status\\tPrimary\\nwsrep_local_state\\t4\\nwsrep_ready\\tON\\n';
    function node(extra: Record<string, string> = {}) {
      const run = tempDir('stop-');
      const socket = join(run, 'mysqld.sock');
      const log = join(run, 'client.log');
      return { run, socket, log, env: { GALERA_RUN_DIR: run, GALERA_SOCKET: socket, MARIADB_ROOT_PASSWORD: 'stop-pw', FAKE_LOG: log, FAKE_SQL_OUTPUT: synced, ...extra } };
    }
    const calls = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    it('fails ready at once, drains, sends SHUTDOWN as root through the socket, and returns when the server goes', async () => {
      const n = node({ GALERA_DRAIN_SECONDS: '2', GALERA_STOP_CHECKS: '60' });
      const server = await socketFile(n.socket);
      let stopping: Promise<Run> | undefined;
      try {
        assert.equal((await galera(['ready'], { env: n.env })).status, 0, 'a Synced node is ready before the stop');
        stopping = galera(['stop'], { env: n.env, timeoutMs: 60_000 });
        await eventually('stop marks the node', () => existsSync(join(n.run, 'stopping')));
        const markedAt = Date.now();
        const ready = await galera(['ready'], { env: n.env });
        assert.equal(ready.status, 1);
        assert.match(ready.stderr, /not ready: the node is stopping/);
        await eventually('stop sends SHUTDOWN', () => calls(n.log).includes('SHUTDOWN'));
        assert.ok(Date.now() - markedAt >= 1500, 'SHUTDOWN waited for the drain, while the server kept serving');
      } finally {
        server.close(); // the server goes, and its socket with it
        // On a failure above, stop still ends (the server is gone) before the next test.
        if (stopping) await stopping.catch(() => undefined);
      }
      assert.ok(stopping);
      const run = await stopping;
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /\[galera\] stop: not ready from now on; serving the open connections for 2s/);
      assert.match(run.stderr, /\[galera\] stop: SHUTDOWN: the node leaves the cluster/);
      assert.match(run.stderr, /\[galera\] stop: the server is gone/);
      const shutdown = calls(n.log).split('\n').filter((line) => line.includes('SHUTDOWN'));
      assert.equal(shutdown.length, 1);
      assert.match(shutdown[0]!, /^argv=--protocol=socket --socket=\S+mysqld\.sock --user=root .*--execute=SHUTDOWN$/);
      assert.match(calls(n.log), /pwd=stop-pw/);
      assert.doesNotMatch(calls(n.log), /argv=.*stop-pw/, 'the password is never an argument');
    });

    it('returns at once, without draining, when no server runs yet (the node is deciding or waiting)', async () => {
      const n = node({ GALERA_DRAIN_SECONDS: '300' });
      const run = await galera(['stop'], { env: n.env, timeoutMs: 30_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /stop: no server answers on .* nothing to shut down/);
      assert.ok(existsSync(join(n.run, 'stopping')), 'still marked: ready fails should a server appear');
      assert.doesNotMatch(calls(n.log), /SHUTDOWN/);
    });

    it('returns at once when the socket exists but no server answers on it', async () => {
      const n = node({ GALERA_DRAIN_SECONDS: '300', FAKE_SQL_FAIL: '1' });
      const server = await socketFile(n.socket);
      try {
        const run = await galera(['stop'], { env: n.env, timeoutMs: 30_000 });
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /nothing to shut down/);
        assert.doesNotMatch(calls(n.log), /SHUTDOWN/);
      } finally {
        server.close();
      }
    });

    it('gives up after its count of checks when the server does not go, and still exits 0', async () => {
      const n = node({ GALERA_DRAIN_SECONDS: '0', GALERA_STOP_CHECKS: '2' });
      const server = await socketFile(n.socket);
      try {
        const run = await galera(['stop'], { env: n.env });
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /stop: the server still answers after 2 checks; SIGTERM follows/);
        const pings = calls(n.log).split('\n').filter((line) => / ping$/.test(line));
        assert.equal(pings.length, 3, 'one check before SHUTDOWN, then two');
      } finally {
        server.close();
      }
    });

    it('keeps alive passing while the node stops, so that liveness never restarts a shutdown', async () => {
      const n = node({ FAKE_SQL_FAIL: '1' });
      const server = await socketFile(n.socket);
      try {
        writeFileSync(join(n.run, 'state'), 'starting\n');
        assert.equal((await galera(['alive'], { env: n.env })).status, 1, 'a hung server fails liveness');
        writeFileSync(join(n.run, 'stopping'), '');
        assert.equal((await galera(['alive'], { env: n.env })).status, 0);
      } finally {
        server.close();
      }
    });

    it('start clears the marker a previous container left, so the restarted node can be ready again', async () => {
      const n = node();
      const args = join(n.run, 'entrypoint-args');
      writeFileSync(join(n.run, 'stopping'), '');
      const env = { ...n.env, POD_NAME: `${FULLNAME}-0`, GALERA_PEERS: '127.0.0.1', GALERA_DATADIR: tempDir('data-'), GALERA_ENTRYPOINT: join(fakeBin, 'fake-entrypoint'), FAKE_ENTRYPOINT_ARGS: args };
      const started = await galera(['start'], { env });
      assert.equal(started.status, 0, started.stderr);
      assert.ok(existsSync(args), 'the server was started');
      assert.ok(!existsSync(join(n.run, 'stopping')));
      const server = await socketFile(n.socket);
      try {
        assert.equal((await galera(['ready'], { env: n.env })).status, 0);
      } finally {
        server.close();
      }
    });
  });

  describe('galera.sh start: from a pod\'s start to the entrypoint', () => {
    interface Node {
      datadir: string;
      run: string;
      args: string;
      env: Record<string, string>;
    }
    function node(me: number, n: number, port: number, extra: Record<string, string> = {}): Node {
      const datadir = tempDir('data-');
      const run = tempDir('run-');
      const args = join(run, 'entrypoint-args');
      const peers = Array.from({ length: n }, (_, i) => `127.0.0.${i + 1}`).join(' ');
      return {
        datadir,
        run,
        args,
        env: {
          POD_NAME: `${FULLNAME}-${me}`,
          GALERA_PEERS: peers,
          GALERA_STATE_PORT: String(port),
          GALERA_DATADIR: datadir,
          GALERA_RUN_DIR: run,
          GALERA_SOCKET: join(run, 'mysqld.sock'),
          GALERA_ENTRYPOINT: join(fakeBin, 'fake-entrypoint'),
          FAKE_ENTRYPOINT_ARGS: args,
          MARIADB_ROOT_PASSWORD: 'root-pw',
          ...extra,
        },
      };
    }
    const launched = (n: Node) => readFileSync(n.args, 'utf8').trim().split('\n');

    it('a single new node bootstraps, with the SST password in a private option file', async () => {
      const n = node(0, 1, 1, { MARIADB_SST_PASSWORD: 'p"a\\ss' });
      writeFileSync(n.env.GALERA_SOCKET!, 'stale');
      const run = await galera(['start'], { env: n.env });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(launched(n), ['mariadbd', '--wsrep-new-cluster']);
      assert.match(run.stderr, /\[galera\] bootstrap a new cluster/);
      const auth = join(n.run, 'sst-auth.cnf');
      assert.equal(readFileSync(auth, 'utf8'), '[mariadb]\nwsrep_sst_auth = "mariabackup:p\\"a\\\\ss"\n');
      assert.equal(statSync(auth).mode & 0o777, 0o600);
      assert.equal(readFileSync(join(n.run, 'state'), 'utf8'), 'starting\n');
      assert.equal(readFileSync(`${n.args}.lock`, 'utf8'), 'locked\n', 'the server inherits the running lock');
      assert.ok(!existsSync(n.env.GALERA_SOCKET!), 'a stale socket is removed');
    });

    it('rsync needs no SST account: the option file holds none', async () => {
      const n = node(0, 1, 1);
      assert.equal((await galera(['start'], { env: n.env })).status, 0);
      assert.doesNotMatch(readFileSync(join(n.run, 'sst-auth.cnf'), 'utf8'), /wsrep_sst_auth/);
    });

    it('pod 0 of a new cluster bootstraps once its peers answer that they are empty', async () => {
      const peers = await fakePeers({ 1: 'fresh', 2: 'fresh' });
      try {
        const n = node(0, 3, peers.port);
        const run = await galera(['start'], { env: n.env });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(n), ['mariadbd', '--wsrep-new-cluster']);
      } finally {
        await peers.close();
      }
    });

    it('a new pod joins the primary component without --wsrep-new-cluster', async () => {
      const peers = await fakePeers({ 0: 'primary', 2: 'fresh' });
      try {
        const n = node(1, 3, peers.port);
        const run = await galera(['start'], { env: n.env });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(n), ['mariadbd']);
        assert.match(run.stderr, /join node 0 is in a primary component/);
      } finally {
        await peers.close();
      }
    });

    it('after a crash, the node with the highest recovered seqno bootstraps from it, marked safe', async () => {
      const peers = await fakePeers({ 0: `waiting ${UUID} 40 0`, 1: `waiting ${UUID} 41 0` });
      try {
        const n = node(2, 3, peers.port, { FAKE_RECOVERED: `${UUID}:42` });
        grastate(n.datadir, UUID, -1, 0);
        const run = await galera(['start'], { env: n.env });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(n), ['mariadbd', '--wsrep-new-cluster', `--wsrep_start_position=${UUID}:42`]);
        assert.match(readFileSync(join(n.datadir, 'grastate.dat'), 'utf8'), /^safe_to_bootstrap: 1$/m);
        assert.match(run.stderr, /node 2 of 3 \(127\.0\.0\.3\): waiting 9acf4d34-acdb-11e6-bcc3-d3e36276629f 42 0/);
      } finally {
        await peers.close();
      }
    });

    it('a node behind waits, tells its peers what it holds, and joins once the cluster is primary', async () => {
      const peers = await fakePeers({ 0: `waiting ${UUID} 40 0`, 2: `waiting ${UUID} 42 0` });
      try {
        const n = node(1, 3, peers.port);
        grastate(n.datadir, UUID, 41, 0);
        const started = galera(['start'], { env: n.env });
        await new Promise((r) => setTimeout(r, 2500));
        assert.ok(!existsSync(n.args), 'it did not start its server');
        assert.equal(readFileSync(join(n.run, 'state'), 'utf8'), `waiting ${UUID} 41 0\n`, 'what its galera-state container reports');
        peers.peers.get(2)!.answer = 'primary';
        const run = await started;
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(n), ['mariadbd']);
        assert.match(run.stderr, /wait node 2 has the highest seqno \(42\); this node has 41 and joins it/);
        assert.match(run.stderr, /join node 2 is in a primary component/);
        assert.match(readFileSync(join(n.datadir, 'grastate.dat'), 'utf8'), /^safe_to_bootstrap: 0$/m, 'a joiner is not marked');
      } finally {
        await peers.close();
      }
    });

    it('under recovery.forceBootstrap, another node with data sets its history aside and joins for a full snapshot', async () => {
      // Galera aborts a joiner that applied more than the forced primary component ("Reversing history").
      const peers = await fakePeers({ 2: 'primary' });
      try {
        const n = node(1, 3, peers.port, { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '2', FAKE_RECOVERED: `${UUID}:42` });
        grastate(n.datadir, UUID, -1, 0);
        writeFileSync(join(n.datadir, 'galera.cache'), 'write-sets of the history set aside');
        const run = await galera(['start'], { env: n.env });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(n), ['mariadbd'], 'no start position: it joins as a new node');
        assert.ok(!existsSync(join(n.datadir, 'grastate.dat')));
        assert.ok(!existsSync(join(n.datadir, 'galera.cache')), 'no write-set of the old history is replayed');
        assert.match(readFileSync(join(n.datadir, 'grastate.dat.before-force-bootstrap'), 'utf8'), new RegExp(`^uuid: +${UUID}$`, 'm'));
        assert.match(run.stderr, /recovery\.forceBootstrap names node 2: this node's own history is set aside \(grastate\.dat\.before-force-bootstrap\) and it receives a full snapshot/);
      } finally {
        await peers.close();
      }
    });

    it('under recovery.forceBootstrap, the named node and empty nodes join with what they have', async () => {
      const peers = await fakePeers({ 0: 'primary' });
      try {
        const named = node(2, 3, peers.port, { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '2' });
        grastate(named.datadir, UUID, 41, 0);
        const run = await galera(['start'], { env: named.env });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(launched(named), ['mariadbd']);
        assert.match(readFileSync(join(named.datadir, 'grastate.dat'), 'utf8'), /^seqno: +41$/m, 'the named node keeps its state');
        assert.doesNotMatch(run.stderr, /set aside/);

        const empty = node(1, 3, peers.port, { GALERA_FORCE_BOOTSTRAP: 'true', GALERA_FORCE_BOOTSTRAP_FROM: '2' });
        const fresh = await galera(['start'], { env: empty.env });
        assert.equal(fresh.status, 0, fresh.stderr);
        assert.deepEqual(launched(empty), ['mariadbd']);
        assert.doesNotMatch(fresh.stderr, /set aside/, 'nothing to set aside');
      } finally {
        await peers.close();
      }
    });

    it('a waiting node stops on SIGTERM without waiting for its next poll, and leaves no sleeper behind', async () => {
      const n = node(1, 3, 1);
      // A poll interval far beyond mocha's timeout: waiting for it would fail the test.
      const child = spawn('bash', [scriptPath, 'start'], { env: { PATH: `${fakeBin}:${process.env.PATH ?? ''}`, GALERA_ASK_TIMEOUT: '1', GALERA_POLL_SECONDS: '100000', ...n.env } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // 'exit', not 'close': a sleeper left behind would hold the pipes open.
      const closed = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const sleeperOf = (pid: number) => spawnSync('pgrep', ['-P', String(pid), '-x', 'sleep'], { encoding: 'utf8' }).stdout.trim();
      let sleeper = '';
      for (let check = 0; check < 600 && !sleeper; check++) {
        await new Promise((r) => setTimeout(r, 50));
        sleeper = sleeperOf(child.pid!);
      }
      assert.match(sleeper, /^\d+$/, `the node sleeps until its next poll\n${stderr}`);
      child.kill('SIGTERM');
      assert.equal(await closed, 0, stderr);
      assert.match(stderr, /\[galera\] stopped while waiting/);
      // Gone, or a zombie left for whoever adopted it: either way no longer sleeping. The signal is delivered
      // asynchronously, so look a bounded number of times.
      const alive = () => {
        try {
          return !/^\d+ \(sleep\) Z/.test(readFileSync(`/proc/${sleeper}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      for (let check = 0; check < 200 && alive(); check++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(!alive(), 'the sleeper was stopped with it');
    });

    it('a pod that is not one of the peers refuses to start', async () => {
      const n = node(0, 3, 1, { POD_NAME: `${FULLNAME}-3` });
      const run = await galera(['start'], { env: n.env });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /is not one of the 3 nodes/);
    });
  });

  describe('galera-sst-user.sh: the SST account', () => {
    const source = (password: string | undefined) =>
      spawnSync('bash', ['-c', `set -eo pipefail; docker_process_sql() { echo "args: $*"; cat; }; . "${initdbPath}"; echo "left: \${galera_sst_password-none}"`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...(password === undefined ? {} : { MARIADB_SST_PASSWORD: password }) },
      });

    it('creates mariabackup@localhost with the privileges mariabackup needs, the password quoted for SQL', () => {
      const run = source("it's\\here");
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /CREATE USER IF NOT EXISTS 'mariabackup'@'localhost' IDENTIFIED BY 'it\\'s\\\\here';/);
      assert.match(run.stdout, /GRANT RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT ON \*\.\* TO 'mariabackup'@'localhost';/);
      assert.match(run.stdout, /left: none/);
    });

    it('does nothing without an SST password (rsync)', () => {
      const run = source(undefined);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /CREATE USER/);
    });
  });
});
