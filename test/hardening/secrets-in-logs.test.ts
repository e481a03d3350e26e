// No secret value reaches a log line. The real `mdbkit serve` at --log-level debug, its cluster reader holding a
// bearer token and reading a MariaDB that carries a password from a stand-in API server (which fails one read with
// a message quoting a secret), is sent reviews with secret-looking values everywhere a user or the API server puts
// them: env values, config params, annotations (kubectl's last-applied-configuration copies the whole object),
// the old object, userInfo, options, bodies that are not JSON, wrong types in credential fields, an object the
// webhook fails on. Its whole standard output and error are then searched for every secret, raw, base64,
// JSON-escaped and URL-encoded. The linter's output, which CI systems keep as logs, is searched the same way.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admissionRequests, type AdmissionFixture } from '../support/fixtures.js';
import { isolatedEnv, spawnServe, type ServeProcess } from '../webhook/support/serve-process.js';
import { certificateFolder, WebhookClient, type CertificateFolder } from '../webhook/support/webhook-client.js';
import { runPool } from './support/bounded-pool.js';
import { runBounded } from './support/cli-bounded-run.js';
import { SECRETS, secretsIn } from './support/secret-values.js';
import { listingApiServer, writeKubeconfig } from './support/stand-in-api-servers.js';

const FIXTURES = admissionRequests();
const fixture = (prefix: string): AdmissionFixture => structuredClone(FIXTURES.find((f) => f.file.startsWith(prefix))!);
type Body = AdmissionFixture['body'];
type Spec = Record<string, unknown>;

const specOf = (body: Body) => body.request.object!.spec as Spec;
const credentialEnv = () => [
  { name: 'MARIADB_ROOT_PASSWORD', value: SECRETS.password },
  { name: 'MARIADB_PASSWORD', value: String(SECRETS.numericPassword) },
  { name: 'AWS_ACCESS_KEY_ID', value: SECRETS.awsAccessKey },
  { name: 'AWS_SECRET_ACCESS_KEY', value: SECRETS.awsSecretKey },
  { name: 'DATABASE_URL', value: SECRETS.dsn },
];

/** Every review the test sends: a name for the report, the path, and the body as sent. */
function reviews(): Array<{ name: string; path: string; body: string }> {
  const out: Array<{ name: string; path: string; body: string }> = [];
  const add = (name: string, f: AdmissionFixture, edit: (body: Body) => void = () => undefined) => {
    edit(f.body);
    out.push({ name, path: f.path, body: JSON.stringify(f.body) });
  };
  for (const prefix of ['001', '002']) add(`${prefix}: MariaDB with credentials in env`, fixture(prefix), (b) => void (specOf(b).env = credentialEnv()));
  for (const prefix of ['034', '035']) {
    add(`${prefix}: UPDATE with credentials in the object and the old object`, fixture(prefix), (b) => {
      specOf(b).env = credentialEnv();
      (b.request.oldObject!.spec as Spec).env = credentialEnv();
    });
  }
  for (const prefix of ['003', '004']) {
    add(`${prefix}: MaxScale with secrets in params, annotations and last-applied-configuration`, fixture(prefix), (b) => {
      const object = b.request.object!;
      const metadata = object.metadata as { annotations?: Record<string, string> };
      metadata.annotations = {
        'example.com/token': SECRETS.githubToken,
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          ...object,
          spec: { ...(object.spec as Spec), config: { params: { password: SECRETS.password } } },
        }),
      };
      specOf(b).config = { params: { password: SECRETS.password, ssl_key: SECRETS.privateKey } };
    });
    add(`${prefix}: credentials written where a Secret reference belongs`, fixture(prefix), (b) => {
      specOf(b).auth = { adminPasswordSecretKeyRef: SECRETS.password, clientPasswordSecretKeyRef: { name: SECRETS.awsSecretKey, key: SECRETS.githubToken } };
    });
  }
  add('011: Connection with a password reference given as a literal', fixture('011'), (b) => void (specOf(b).passwordSecretKeyRef = SECRETS.password));
  add('001: MariaDB with the root password reference given as a literal', fixture('001'), (b) => void (specOf(b).rootPasswordSecretKeyRef = SECRETS.password));
  add('002: userInfo extra and options carrying tokens', fixture('002'), (b) => {
    Object.assign(b.request, {
      userInfo: { username: 'admin', extra: { 'authentication.kubernetes.io/credential-id': [SECRETS.jwt] } },
      options: { token: SECRETS.bearerToken },
    });
  });
  add('014: scale of a MaxScale whose read fails with a Status quoting a secret', fixture('014'));
  add('003: an object the webhook cannot judge (nested 10,000 deep), carrying a password', fixture('003'), (b) => {
    specOf(b).env = credentialEnv();
    specOf(b).nested = '@@deep@@';
  });
  out.at(-1)!.body = out.at(-1)!.body.replace('"@@deep@@"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
  // Not JSON: V8's parse error would quote the text around the error.
  const full = JSON.stringify(fixture('002').body).replace('"replicas":3', `"password":"${SECRETS.password}","replicas":3`);
  out.push({ name: 'not JSON: a bare secret', path: '/validate', body: `{"kind":"AdmissionReview","password": ${SECRETS.password}}` });
  out.push({ name: 'not JSON: cut right after a secret', path: '/validate', body: full.slice(0, full.indexOf(SECRETS.password) + SECRETS.password.length) });
  out.push({ name: 'not JSON: a secret after a stray comma', path: '/mutate', body: full.replace(`"${SECRETS.password}"`, `"${SECRETS.password}",,`) });
  out.push({
    name: 'wrong types: the object is a string holding a DSN',
    path: '/mutate',
    body: JSON.stringify({ ...fixture('003').body, request: { ...fixture('003').body.request, object: SECRETS.dsn } }),
  });
  out.push({
    name: 'a Secret (a kind mdbkit does not judge)',
    path: '/validate',
    body: JSON.stringify({
      ...fixture('004').body,
      request: {
        ...fixture('004').body.request,
        kind: { group: '', version: 'v1', kind: 'Secret' },
        resource: { group: '', version: 'v1', resource: 'secrets' },
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 's' },
          data: { password: Buffer.from(SECRETS.password).toString('base64') },
          stringData: { token: SECRETS.jwt },
        },
      },
    }),
  });
  return out;
}

describe('hardening: no secret value in any log line', function () {
  this.timeout(300_000);
  let dir: string;
  let certs: CertificateFolder;
  let child: ServeProcess | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-secrets-'));
    certs = certificateFolder();
  });
  after(() => {
    child?.stop();
    certs?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('mdbkit serve --log-level debug logs none of the secrets it is sent, reads or authenticates with', async () => {
    const mariadb = {
      apiVersion: 'enterprise.mariadb.com/v1alpha1',
      kind: 'MariaDB',
      metadata: { name: 'mariadb-galera', namespace: 'default', annotations: { 'example.com/dsn': SECRETS.dsn } },
      spec: { replicas: 3, galera: { enabled: true }, env: credentialEnv() },
    };
    const api = await listingApiServer([mariadb], { failGets: { 'maxscale-galera': 500 }, failMessage: SECRETS.apiServerMessage });
    try {
      const kubeconfig = writeKubeconfig(dir, api.url, SECRETS.bearerToken);
      child = spawnServe(
        [
          '--tls-cert-file',
          certs.certFile,
          '--tls-key-file',
          certs.keyFile,
          '--port',
          '0',
          '--address',
          '127.0.0.1',
          '--log-level',
          'debug',
          '--shutdown-delay',
          '0',
        ],
        { env: isolatedEnv({ KUBECONFIG: kubeconfig }) },
      );
      const { port } = (await child.waitForLine((line) => line.msg === 'listening')) as { port: number };
      const client = new WebhookClient(port, certs.ca.certPem);
      await child.waitForLine((line) => line.msg === 'cluster cache synced');

      const sent = reviews();
      const statuses: string[] = [];
      for (const review of sent) {
        const answer = await client.post(review.path, review.body);
        statuses.push(`${review.name}: ${answer.status}`);
      }
      child.child.kill('SIGTERM');
      assert.deepEqual(await child.exited, { code: 0, signal: null });

      // The secrets were really in play: the token was sent, the failed read was made, every review answered.
      assert.ok(api.authorizations.has(`Bearer ${SECRETS.bearerToken}`), 'the reader authenticated with the token');
      assert.ok(
        api.requests.some((r) => r.includes('/maxscales/maxscale-galera')),
        'the failing read was made',
      );
      assert.equal(
        child.lines.filter((line) => line.msg === 'admission' || String(line.msg).startsWith('admission request')).length,
        sent.length,
        statuses.join('\n'),
      );

      const logs = child.lines.map((line) => JSON.stringify(line));
      const leaks = logs.flatMap((line) => secretsIn(line).map((secret) => `${secret} in ${line.slice(0, 300)}`));
      leaks.push(...secretsIn(child.stderr()).map((secret) => `${secret} on standard error`));
      assert.ok(leaks.length === 0, `${leaks.length} secrets in the log:\n${leaks.join('\n')}`);
    } finally {
      await api.stop();
    }
  });

  it('mdbkit lint (every format) and mdbkit default’s messages show none of the credentials in a manifest', async () => {
    const manifest = `apiVersion: enterprise.mariadb.com/v1alpha1
kind: MariaDB
metadata:
  name: mariadb-galera
  annotations:
    example.com/dsn: ${JSON.stringify(SECRETS.dsn)}
spec:
  rootPasswordSecretKeyRef: ${JSON.stringify(SECRETS.password)}
  env:
    - name: MARIADB_ROOT_PASSWORD
      value: ${JSON.stringify(SECRETS.password)}
    - name: MARIADB_PASSWORD
      value: ${SECRETS.numericPassword}
    - name: AWS_SECRET_ACCESS_KEY
      value: ${JSON.stringify(SECRETS.awsSecretKey)}
  storage:
    size: 1Gi
---
apiVersion: enterprise.mariadb.com/v1alpha1
kind: Connection
metadata:
  name: app
spec:
  mariaDbRef:
    name: mariadb-galera
  username: app
  passwordSecretKeyRef: ${JSON.stringify(SECRETS.githubToken)}
---
apiVersion: enterprise.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: maxscale
spec:
  mariaDbRef:
    name: mariadb-galera
  auth:
    adminPasswordSecretKeyRef:
      name: ${JSON.stringify(SECRETS.jwt)}
      key: [${JSON.stringify(SECRETS.privateKey)}]
`;
    const file = join(dir, 'credentials.yaml');
    writeFileSync(file, manifest);
    const leaks: string[] = [];
    const formats = ['text', 'json', 'sarif', 'junit', 'github'];
    const runs = new Map<string, Awaited<ReturnType<typeof runBounded>>>();
    await runPool(formats.length + 1, 2, async (i) => {
      const format = formats[i];
      runs.set(
        format ?? 'default',
        await runBounded(format ? ['lint', '--output', format, 'credentials.yaml'] : ['default', 'credentials.yaml'], { cwd: dir }),
      );
    });
    for (const format of formats) {
      const run = runs.get(format)!;
      assert.equal(run.status, 1, `lint --output ${format} finds the errors: ${run.stderr}`);
      for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
        for (const secret of secretsIn(line)) leaks.push(`lint --output ${format}: ${secret} in ${line.trim().slice(0, 240)}`);
      }
    }
    // default prints the manifests themselves on standard output: only its messages count.
    for (const secret of secretsIn(runs.get('default')!.stderr)) leaks.push(`default (standard error): ${secret}`);
    assert.ok(leaks.length === 0, `${leaks.length} credentials shown:\n${leaks.join('\n')}`);
  });
});
