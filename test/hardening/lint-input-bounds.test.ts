// `mdbkit lint` within bounds, run as the real binary: a file over --max-file-size gets one clear finding from
// its size alone (bounded by the child's CPU time, not the clock), standard input stops at the limit, a binary
// file, a symbolic link loop or an unreadable folder is one finding while the files beside it are still checked,
// and 100,000 documents in one file fit in memory that grows with the objects, not with their syntax trees.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, CLI_FIXTURES, ensureBuilt } from '../cli/support/run-cli.js';

const USAGE_PRELOAD = join(import.meta.dirname, 'support', 'report-resource-usage.cjs');
const MIB = 1024 * 1024;

interface UsageRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** User + system CPU time of the child, in seconds. */
  cpuSeconds: number;
  /** Peak resident set size of the child, in MiB. */
  maxRssMib: number;
}

let dir: string;

/** A MariaDB with one mistake, so that its finding shows it was checked. */
const TYPO_MARIADB = readFileSync(join(CLI_FIXTURES, 'valid', 'a-mariadb.yaml'), 'utf8').replace('  replicas: 3', '  replicaz: 3');

/** Another user to run as, where the tests run as root (whom chmod 000 does not stop). */
interface RunAs {
  uid: number;
  gid: number;
}

function lint(args: readonly string[], options: { input?: Buffer | string; maxOldSpaceMb?: number; as?: RunAs } = {}): UsageRun {
  const usageFile = join(dir, `usage-${process.hrtime.bigint()}.json`);
  const env: Record<string, string | undefined> = { ...process.env, MDBKIT_RESOURCE_USAGE_FILE: usageFile };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  if (options.maxOldSpaceMb) env.NODE_OPTIONS = `--max-old-space-size=${options.maxOldSpaceMb}`;
  else delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ['--require', USAGE_PRELOAD, BIN, 'lint', '--no-config', ...args], {
    cwd: dir,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
    ...(options.as ?? {}),
  });
  if (run.error) throw run.error;
  // No usage written: the child did not exit on its own (killed, or out of memory).
  assert.ok(existsSync(usageFile), `mdbkit lint ended by ${run.signal ?? `exit ${run.status}`}: ${run.stderr.split('\n').slice(0, 4).join('\n')}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCPUTime: number; systemCPUTime: number; maxRSS: number };
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssMib: usage.maxRSS / 1024,
  };
}

/**
 * `nobody`, when this runs as root and nobody can run the built CLI from where the project is (a checkout under
 * a private home folder cannot): the test folder is opened to it (sticky, as /tmp is) for the usage file.
 */
function unprivilegedUser(): RunAs | undefined {
  const as = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, [BIN, '--version'], { ...as, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  chmodSync(dir, 0o1777);
  return as;
}

interface JsonReport {
  findings: Array<{ file: string; line: number; severity: string; rule: string; message: string }>;
  summary: { files: number; documents: number; errors: number };
}

function json(run: UsageRun): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

/** `count` small Database documents, as one file; they refer to a MariaDB outside the run (unknown, no finding). */
function databases(count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `apiVersion: k8s.mariadb.com/v1alpha1\nkind: Database\nmetadata:\n  name: db-${i}\nspec:\n  mariaDbRef:\n    name: mariadb\n  characterSet: utf8\n`,
    );
  }
  return out.join('---\n');
}

describe('hardening: mdbkit lint bounds its input', function () {
  this.timeout(300_000);

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-lint-bounds-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a 50 MiB file from its size alone: one finding with the size, the limit and the option', () => {
    // Sparse: 50 MiB long without writing 50 MiB.
    writeFileSync(join(dir, 'dump.yaml'), '');
    truncateSync(join(dir, 'dump.yaml'), 50 * MIB);
    const run = lint(['dump.yaml']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stdout,
      /^dump\.yaml:1:1: error: this file is 50 MiB, over the 16 MiB limit for one file, so it was not read: raise the limit \(e\.g\. --max-file-size 64MiB\) or split the file \[input\/unreadable\]$/m,
    );
    // Parsing 50 MiB took minutes; starting the CLI and a stat take well under a second of CPU.
    assert.ok(run.cpuSeconds < 10, `${run.cpuSeconds.toFixed(1)} s of CPU`);
  });

  it('--max-file-size moves the limit both ways, and a size it cannot read is a usage error', () => {
    const manifest = readFileSync(join(CLI_FIXTURES, 'valid', 'a-mariadb.yaml'), 'utf8');
    // ~3 KiB: the fixture and comment lines.
    writeFileSync(join(dir, 'padded.yaml'), `${'# padding to make the file larger than 2 KiB\n'.repeat(70)}${manifest}`);
    const small = lint(['--max-file-size', '2KiB', '--output', 'json', 'padded.yaml']);
    assert.equal(small.status, 1);
    const [finding, ...more] = json(small).findings;
    assert.deepEqual(more, []);
    assert.equal(finding?.rule, 'input/unreadable');
    assert.match(
      finding?.message ?? '',
      /^this file is 3\.\d KiB, over the 2 KiB limit for one file, so it was not read: raise the limit \(e\.g\. --max-file-size 1MiB\)/,
    );

    const raised = lint(['--max-file-size', '1MiB', '--output', 'json', 'padded.yaml']);
    const report = json(raised);
    assert.deepEqual(report.findings, []);
    assert.equal(report.summary.documents, 1);

    const bad = lint(['--max-file-size', 'lots', 'padded.yaml']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^mdbkit: --max-file-size "lots" is not a size: give a number with a unit, e\.g\. 64MiB$/m);
  });

  it('stops reading standard input at the limit', async () => {
    // A pipe that never ends: only stopping at the limit ends the run.
    const child = spawn(process.execPath, [BIN, 'lint', '--no-config', '--max-file-size', '1MiB', '-'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunk = Buffer.from('# a comment line of YAML that goes on and on\n'.repeat(1000));
    let written = 0;
    let open = true;
    const feed = () => {
      while (open && child.stdin.write(chunk)) written += chunk.length;
    };
    child.stdin.on('drain', () => {
      written += chunk.length;
      feed();
    });
    child.stdin.on('error', () => (open = false));
    feed();
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    open = false;
    assert.equal(status, 1);
    assert.ok(written > MIB, `${written} bytes written`);
    assert.match(
      stdout,
      /^<stdin>:1:1: error: standard input goes on past the 1 MiB limit for one file, so it was not checked \(reading stopped there\): raise the limit with --max-file-size/m,
    );
  });

  it('reports a symbolic link loop beside a valid manifest, and still checks the manifest', () => {
    const folder = join(dir, 'with-loop');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-mariadb.yaml'), TYPO_MARIADB);
    symlinkSync('loop.yaml', join(folder, 'loop.yaml'));
    const run = lint(['--output', 'json', 'with-loop']);
    assert.equal(run.status, 1, run.stderr);
    const report = json(run);
    const input = report.findings.filter((f) => f.rule === 'input/unreadable');
    assert.equal(input.length, 1);
    assert.equal(input[0]!.file, 'with-loop/loop.yaml');
    assert.match(input[0]!.message, /^a symbolic link loop \(the link leads back to itself\): .*exclude in \.mdbkit\.yaml/);
    // The manifest beside it was checked: its mistake is found.
    assert.ok(report.findings.some((f) => f.file === 'with-loop/a-mariadb.yaml' && f.rule === 'schema/unknown-field'));
    assert.equal(report.summary.files, 2);
  });

  it('reports a folder without read permission beside a valid manifest (as root: run as nobody, whom chmod 000 stops)', function () {
    const as = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
    if (process.getuid?.() === 0 && !as) {
      // Root reads a folder of mode 000; without a user who can run the project there is no denial to show.
      this.skip();
    }
    const folder = join(dir, 'with-locked');
    mkdirSync(join(folder, 'locked'), { recursive: true });
    writeFileSync(join(folder, 'a-mariadb.yaml'), TYPO_MARIADB);
    chmodSync(join(folder, 'locked'), 0o000);
    try {
      const run = lint(['--output', 'json', 'with-locked'], as ? { as } : {});
      assert.equal(run.status, 1, run.stderr);
      const report = json(run);
      const input = report.findings.filter((f) => f.rule === 'input/unreadable');
      assert.equal(input.length, 1);
      assert.equal(input[0]!.file, 'with-locked/locked');
      assert.match(input[0]!.message, /^cannot read this folder: permission denied; nothing in it was checked; grant read permission/);
      assert.ok(report.findings.some((f) => f.file === 'with-locked/a-mariadb.yaml' && f.rule === 'schema/unknown-field'));
    } finally {
      chmodSync(join(folder, 'locked'), 0o755);
    }
  });

  it('reports a binary file as exactly one finding that says so, and lets a character cut at 1 KiB pass', () => {
    const folder = join(dir, 'binary');
    mkdirSync(folder);
    const random = Buffer.alloc(64 * 1024);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2_654_435_761) >>> 24;
    random[10] = 0;
    writeFileSync(join(folder, 'a-nul.yaml'), random);
    // Latin-1 text: no NUL, but not UTF-8.
    writeFileSync(join(folder, 'b-latin1.yaml'), Buffer.from('name: caf\xe9\n'.repeat(500), 'latin1'));
    // Valid UTF-8 whose two-byte "é" straddles byte 1,024: text, not binary.
    const prefix = `# ${'x'.repeat(1021)}`;
    writeFileSync(join(folder, 'c-text.yaml'), `${prefix}é\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n`);
    assert.equal(Buffer.byteLength(prefix), 1023);
    const run = lint(['--output', 'json', 'binary']);
    assert.equal(run.status, 1, run.stderr);
    const report = json(run);
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.rule]),
      [
        ['binary/a-nul.yaml', 'input/unreadable'],
        ['binary/b-latin1.yaml', 'input/unreadable'],
      ],
    );
    assert.match(report.findings[0]!.message, /^a binary file \(NUL bytes in its first KiB\), not YAML or JSON/);
    assert.match(report.findings[1]!.message, /^a binary file \(bytes that are not UTF-8 in its first KiB\), not YAML or JSON/);
  });

  it('lints 100,000 documents of one file in a heap that holds the documents referred to, not every document', () => {
    writeFileSync(join(dir, 'db-1k.yaml'), databases(1_000));
    writeFileSync(join(dir, 'db-100k.yaml'), databases(100_000));
    // A heap limit as a CI job with a memory quota would set. Keeping every document's object and its defaulted
    // copy (~2 KiB each) ran out of it; two streamed passes keep only the kinds a policy looks up (no Database is).
    const few = lint(['db-1k.yaml'], { maxOldSpaceMb: 96 });
    const many = lint(['db-100k.yaml'], { maxOldSpaceMb: 96 });
    assert.equal(few.status, 0, few.stderr.slice(0, 2000));
    assert.equal(many.status, 0, many.stderr.slice(0, 2000));
    assert.match(many.stdout, /no problems in 100000 documents in 1 file/);
    // The file's text (14 MB) and one small outcome per document are what is left to grow.
    const growth = many.maxRssMib - few.maxRssMib;
    assert.ok(growth < 200, `peak RSS ${few.maxRssMib.toFixed(0)} MiB for 1,000 documents, ${many.maxRssMib.toFixed(0)} MiB for 100,000`);
  });

  it('still resolves references across documents in a streamed run: a Grant among 5,000 Databases, its User in a later file', () => {
    const folder = join(dir, 'grant-then-user');
    mkdirSync(folder);
    const grant = `apiVersion: k8s.mariadb.com/v1alpha1
kind: Grant
metadata:
  name: app
spec:
  mariaDbRef:
    name: mariadb
  privileges: [SELECT]
  database: app
  username: app
  host: "10.0.0.%"
`;
    writeFileSync(join(folder, 'a-grant.yaml'), `${databases(2_500)}---\n${grant}---\n${databases(2_500)}`);
    writeFileSync(
      join(folder, 'b-user.yaml'),
      `apiVersion: k8s.mariadb.com/v1alpha1
kind: User
metadata:
  name: app
spec:
  mariaDbRef:
    name: mariadb
  passwordSecretKeyRef:
    name: app
    key: password
`,
    );
    const run = lint(['--output', 'json', 'grant-then-user']);
    const report = json(run);
    // The User (host '%') was found from the other file, after the Grant: the hosts differ.
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.line, f.rule]),
      // 2,500 Databases of 8 lines and a --- each, then the Grant's 11th line: spec.host.
      [['grant-then-user/a-grant.yaml', 2_500 * 9 + 11, 'grant/user-not-found']],
    );
    assert.match(report.findings[0]!.message, /User app is the account 'app'@'%'/);
    assert.equal(report.summary.documents, 5_002);
  });
});
