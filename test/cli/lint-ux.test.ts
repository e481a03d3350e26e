// `mdbkit lint` with kubectl's and kubeconform's habits, in-process with the real policy engine: -f and -o,
// kind: List, unknown kinds of mdbkit's groups, other kinds counted (and --strict), --exclude and --quiet, a
// misspelt field reported once with its consequences, mdbkit version, shell completion, and the help's kinds.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIO } from '../../cli/command.js';
import { run } from '../../cli/main.js';
import { lintCommand } from '../../cli/commands/lint.js';
import type { PolicyEngine } from '../../policies/policy-engine.js';
import { createPolicyEngine, KIND_POLICIES } from '../../policies/registry.js';
// The report's shape as the json reporter declares it: what a script reading `-o json` relies on.
import type { JsonReport } from '../../cli/reporters/json.js';
import { toolInfo } from '../../cli/tool-info.js';
import { sarifErrors } from './support/sarif-schema.js';

let engine: PolicyEngine | undefined;

async function mdbkit(cwd: string, args: string[], stdin = '') {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdin: Object.assign(Readable.from(stdin === '' ? [] : [stdin]), { isTTY: false }),
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    cwd,
    env: {},
    loadEngine: async () => (engine ??= createPolicyEngine()),
  };
  const status = await run(args, io);
  return { status, ...out, json: () => JSON.parse(out.stdout) as JsonReport };
}

const MARIADB = (name: string, spec = '  replicas: 1\n  storage:\n    size: 1Gi\n') => `apiVersion: k8s.mariadb.com/v1alpha1
kind: MariaDB
metadata:
  name: ${name}
spec:
${spec}`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

describe('mdbkit lint, kubectl and kubeconform habits', function () {
  this.timeout(300_000);
  let dir: string;
  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-lintux-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('-f/--filename and -o/--output', () => {
    it('reads every -f (repeated, mixed with PATH arguments and -f - for standard input) and prints the -o format', async () => {
      write('a.yaml', MARIADB('a'));
      write('b.yaml', MARIADB('b'));
      write('c.yaml', MARIADB('c'));
      const result = await mdbkit(dir, ['lint', '-f', 'a.yaml', '--filename', 'b.yaml', 'c.yaml', '-f', '-', '-o', 'json'], MARIADB('piped'));
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.equal(result.json().summary.files, 4);
      assert.equal(result.json().summary.documents, 4);
    });

    it('refuses the old --format, and an unknown -o value, with exit 2', async () => {
      write('a.yaml', MARIADB('a'));
      const old = await mdbkit(dir, ['lint', '--format', 'json', 'a.yaml']);
      assert.equal(old.status, 2);
      assert.match(old.stderr, /Unknown option '--format'/);
      const unknown = await mdbkit(dir, ['lint', '-o', 'yaml', '-f', 'a.yaml']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /unknown output format "yaml": use one of text, json, sarif, junit, github/);
    });

    it('takes -f in mdbkit default and -o in mdbkit rules', async () => {
      write('a.yaml', MARIADB('a'));
      const defaulted = await mdbkit(dir, ['default', '-f', 'a.yaml']);
      assert.equal(defaulted.status, 0, defaulted.stderr);
      assert.match(defaulted.stdout, /name: a/);
      const rules = await mdbkit(dir, ['rules', '-o', 'json']);
      assert.ok((JSON.parse(rules.stdout) as Array<{ id: string }>).some((r) => r.id === 'document/unknown-kind'));
    });
  });

  describe('--report FORMAT=FILE', () => {
    it('writes other formats of the same run to files, beside what standard output gets, and keeps the exit code', async () => {
      write('bad.yaml', MARIADB('pair', '  replicas: 2\n  storage:\n    size: 1Gi\n'));
      const result = await mdbkit(dir, ['lint', '-o', 'github', '--report', 'sarif=reports/ci/mdbkit.sarif', '--report', 'json=out.json', 'bad.yaml']);
      assert.equal(result.status, 1, 'an error finding fails the run, whatever the reports');
      assert.match(result.stdout, /^::error file=bad\.yaml,line=\d+/m);
      // Each file is what -o of that format prints for the same input.
      assert.equal(readFileSync(join(dir, 'reports/ci/mdbkit.sarif'), 'utf8'), (await mdbkit(dir, ['lint', '-o', 'sarif', 'bad.yaml'])).stdout);
      assert.equal(readFileSync(join(dir, 'out.json'), 'utf8'), (await mdbkit(dir, ['lint', '-o', 'json', 'bad.yaml'])).stdout);
      assert.equal((JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as JsonReport).findings[0]!.rule, 'mariadb/replicas-without-ha');
      assert.deepEqual(readdirSync(join(dir, 'reports/ci')), ['mdbkit.sarif'], 'no temporary file is left beside it');
    });

    it('refuses a malformed --report before linting (exit 2, nothing written)', async () => {
      write('a.yaml', MARIADB('a'));
      for (const [value, message] of [
        ['sarif', /--report "sarif": give a format and a file, e\.g\. --report sarif=mdbkit\.sarif/],
        ['xml=out.xml', /--report "xml=out\.xml": unknown format "xml": use one of text, json, sarif, junit, github/],
        ['sarif=', /give a format and a file/],
      ] as const) {
        const result = await mdbkit(dir, ['lint', '--report', value, 'a.yaml']);
        assert.equal(result.status, 2, value);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
      }
      const twice = await mdbkit(dir, ['lint', '--report', 'json=r.json', '--report', 'sarif=./r.json', 'a.yaml']);
      assert.equal(twice.status, 2);
      assert.match(twice.stderr, /--report names \.\/r\.json twice/);
      assert.deepEqual(readdirSync(dir), ['a.yaml']);
    });

    it('fails with exit 2 naming the file when it cannot be written, and leaves what was there', async () => {
      write('a.yaml', MARIADB('a'));
      mkdirSync(join(dir, 'taken.sarif'));
      const result = await mdbkit(dir, ['lint', '--report', 'sarif=taken.sarif', 'a.yaml']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /cannot write the sarif report to taken\.sarif: /);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(readdirSync(dir).sort(), ['a.yaml', 'taken.sarif'], 'no temporary file is left');
    });
  });

  describe('kind: List', () => {
    it('lints each item as a document, at the item’s lines, with paths relative to the item', async () => {
      const items = [CONFIGMAP, MARIADB('single'), MARIADB('pair', '  replicas: 2\n  storage:\n    size: 1Gi\n')]
        .map((item) => `- ${item.trimEnd().split('\n').join('\n  ')}`)
        .join('\n');
      write('list.yaml', `apiVersion: v1\nkind: List\nitems:\n${items}\n`);
      const result = await mdbkit(dir, ['lint', '-o', 'json', '-f', 'list.yaml']);
      const report = result.json();
      assert.equal(result.status, 1);
      assert.deepEqual(report.summary, { files: 1, documents: 3, notChecked: 1, errors: 1, warnings: 0 });
      const [finding] = report.findings;
      assert.equal(finding!.rule, 'mariadb/replicas-without-ha');
      assert.equal(finding!.path, 'spec.replicas');
      assert.equal(finding!.name, 'pair');
      // The third item starts on line 16 (`- apiVersion:`); its replicas are five lines below.
      assert.equal(finding!.line, 21);
    });

    it('reports a List item that is not an object, and expands other *List kinds the same way', async () => {
      write(
        'list.yaml',
        `apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDBList\nitems:\n  - 42\n  - ${MARIADB('ok').trimEnd().split('\n').join('\n    ')}\n`,
      );
      const report = (await mdbkit(dir, ['lint', '-o', 'json', 'list.yaml'])).json();
      assert.deepEqual(
        report.findings.map((f) => [f.rule, f.line, f.message]),
        [['document/list-item-not-object', 4, 'a List item must be a Kubernetes object, not a number']],
      );
      assert.equal(report.summary.documents, 2);
    });
  });

  describe('unknown kinds and versions of mdbkit’s groups', () => {
    it('is an error with the nearest kind or version; another project’s kind in a shared group is not', async () => {
      write(
        'typos.yaml',
        [
          'apiVersion: enterprise.mariadb.com/v1alpha1\nkind: Maxscale\nmetadata:\n  name: mx\n',
          'apiVersion: enterprise.mariadb.com/v1\nkind: MaxScale\nmetadata:\n  name: mx\n',
          'apiVersion: kubedb.com/v1\nkind: Postgres\nmetadata:\n  name: pg\n',
          'apiVersion: kubedb.com/v1\nkind: Mariadb\nmetadata:\n  name: kdb\n',
          'apiVersion: sql.databases/v1\nkind: galera\nmetadata:\n  name: g\n',
        ].join('---\n'),
      );
      const result = await mdbkit(dir, ['lint', '-o', 'json', 'typos.yaml']);
      assert.equal(result.status, 1);
      const report = result.json();
      assert.deepEqual(
        report.findings.map((f) => [f.rule, f.path, f.line]),
        [
          ['document/unknown-kind', 'kind', 2],
          ['document/unknown-kind', 'apiVersion', 6],
          ['document/unknown-kind', 'kind', 17],
          ['document/unknown-kind', 'apiVersion', 21],
        ],
      );
      assert.match(report.findings[0]!.message, /did you mean MaxScale\?/);
      assert.match(report.findings[1]!.message, /did you mean enterprise\.mariadb\.com\/v1alpha1\?/);
      assert.match(report.findings[2]!.message, /did you mean MariaDB\?/);
      assert.match(report.findings[3]!.message, /did you mean sql\.databases\/v1beta2 with kind Galera\?/);
      assert.equal(report.summary.notChecked, 1, 'KubeDB’s Postgres is counted as not checked');
    });
  });

  describe('--exclude and --quiet', () => {
    it('leaves out files matching --exclude globs (relative to the working directory), in folders and when named', async () => {
      write('deploy/db.yaml', MARIADB('db'));
      write('deploy/vendor/bad.yaml', MARIADB('bad', '  replicas: 2\n  storage:\n    size: 1Gi\n'));
      const result = await mdbkit(dir, ['lint', '--exclude', 'deploy/vendor/**', '-f', 'deploy']);
      assert.equal(result.status, 0, result.stdout);
      assert.match(result.stdout, /in 1 file/);
      const named = await mdbkit(dir, ['lint', '--exclude', 'deploy/vendor/', 'deploy/vendor/bad.yaml', 'deploy/db.yaml']);
      assert.equal(named.status, 0, named.stdout);
      assert.match(named.stderr, /deploy\/vendor\/bad\.yaml: note: not checked: excluded by --exclude/);
    });

    it('prints only errors with -q: warnings neither printed nor counted, exit code unchanged', async () => {
      const annotated = MARIADB('db').replace('  name: db\n', '  name: db\n  annotations:\n    mdbkit.dev/skip-rules: "no-such/rule"\n');
      write('warn.yaml', annotated);
      const loud = await mdbkit(dir, ['lint', 'warn.yaml']);
      assert.equal(loud.status, 0);
      assert.match(loud.stdout, /warning: .*\[mdbkit\/skip-annotation-unknown-rule\]/);
      assert.match(loud.stdout, /0 errors and 1 warning/);
      const quiet = await mdbkit(dir, ['lint', '-q', 'warn.yaml']);
      assert.equal(quiet.status, 0);
      assert.equal(quiet.stdout, 'no problems in 1 document in 1 file\n');
      write('both.yaml', `${annotated}---\n${MARIADB('pair', '  replicas: 2\n  storage:\n    size: 1Gi\n')}`);
      const failing = await mdbkit(dir, ['lint', '--quiet', 'both.yaml']);
      assert.equal(failing.status, 1);
      assert.doesNotMatch(failing.stdout, /: warning:/);
      assert.match(failing.stdout, /1 error and 0 warnings/);
    });
  });

  describe('root cause first', () => {
    it('reports a misspelt field once, first, with what its absence caused', async () => {
      write('typo.yaml', MARIADB('db', '  replicas: 1\n  storage:\n    sise: 1Gi\n'));
      const report = (await mdbkit(dir, ['lint', '-o', 'json', 'typo.yaml'])).json();
      assert.equal(report.findings.length, 1, JSON.stringify(report.findings));
      const [cause] = report.findings;
      assert.equal(cause!.rule, 'schema/unknown-field');
      assert.equal(cause!.path, 'spec.storage.sise');
      assert.match(cause!.message, /^unknown field "sise": did you mean "size"\?; that is why: spec\.storage\.size: .*\[mariadb\/storage-size-required\]$/);
      assert.deepEqual(
        cause!.related.map((r) => [r.rule, r.path]),
        [['mariadb/storage-size-required', 'spec.storage.size']],
      );
      const sarif = JSON.parse((await mdbkit(dir, ['lint', '-o', 'sarif', 'typo.yaml'])).stdout) as {
        runs: Array<{ results: Array<{ relatedLocations?: Array<{ physicalLocation: { region: { startLine: number } } }> }> }>;
      };
      assert.deepEqual(sarifErrors(sarif), []);
      assert.deepEqual(
        sarif.runs[0]!.results[0]!.relatedLocations?.map((l) => l.physicalLocation.region.startLine),
        [7],
        'the consequence is placed where spec.storage.size is missing: at storage',
      );
      const text = await mdbkit(dir, ['lint', 'typo.yaml']);
      assert.match(text.stdout, /^typo\.yaml:8:5: error: spec\.storage\.sise: unknown field "sise": did you mean "size"\?; that is why: /);
    });

    it('lists an unknown field before the other findings inside its parent, whatever their lines', async () => {
      write('order.yaml', MARIADB('db', '  replicas: 2\n  storage:\n    size: 1Gi\n  galerra:\n    enabled: true\n'));
      const report = (await mdbkit(dir, ['lint', '-o', 'json', 'order.yaml'])).json();
      const rules = report.findings.map((f) => `${f.rule} ${f.line}`);
      assert.deepEqual(rules.slice(0, 2), ['schema/unknown-field 9', 'mariadb/replicas-without-ha 6']);
    });
  });

  describe('mdbkit version and completion', () => {
    it('prints the same version as --version, and with -o json the Node.js and operator versions', async () => {
      const flag = await mdbkit(dir, ['--version']);
      const command = await mdbkit(dir, ['version']);
      assert.equal(command.stdout, flag.stdout);
      assert.equal(command.stdout, `${toolInfo().version}\n`);
      const json = JSON.parse((await mdbkit(dir, ['version', '-o', 'json'])).stdout) as {
        version: string;
        node: string;
        operatorVersions: Record<string, { versions: string[]; default: string }>;
      };
      assert.equal(json.version, toolInfo().version);
      assert.equal(json.node, process.versions.node);
      const community = json.operatorVersions['k8s.mariadb.com'];
      assert.ok(community && community.versions.includes(community.default), JSON.stringify(json.operatorVersions));
    });

    // What the scripts offer, in the shells themselves: test/cli/shell-completion.test.ts.
    it('prints a script for each shell, and refuses an unknown shell', async () => {
      for (const shell of ['bash', 'zsh', 'fish'])
        assert.match((await mdbkit(dir, ['completion', shell])).stdout, new RegExp(`^# mdbkit completion for ${shell}`));
      const bad = await mdbkit(dir, ['completion', 'tcsh']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown shell "tcsh": use one of bash, zsh, fish/);
    });
  });

  describe('help made from the registry', () => {
    it('lists in lint --help exactly the kinds of the registry’s policies, under their API groups', async () => {
      const help = (await mdbkit(dir, ['lint', '--help'])).stdout;
      const section = help.slice(help.indexOf('Kinds checked, by API group:\n'), help.indexOf('\nA document in one of these groups'));
      const listed = new Map<string, string[]>();
      let group = '';
      for (const line of section.split('\n').slice(1)) {
        if (/^ {2}\S.*:$/.test(line)) listed.set((group = line.trim().slice(0, -1)), []);
        else
          listed.get(group)!.push(
            ...line
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean),
          );
      }
      const helpKinds = new Set([...listed.values()].flat());
      assert.deepEqual([...helpKinds].sort(), [...new Set(KIND_POLICIES.map((p) => p.kind))].sort());
      const schemas = (engine ??= createPolicyEngine()).schemas.schemas.kinds;
      for (const policy of KIND_POLICIES) {
        const groups = schemas.find((k) => k.sourceGroup === policy.group && k.kind === policy.kind)?.groups ?? [policy.group];
        assert.ok(
          groups.some((g) => listed.get(g)?.includes(policy.kind)),
          `${policy.kind} (${policy.group}) under one of ${groups.join(', ')}`,
        );
      }
      assert.equal(help, lintCommand.helpWith!(engine));
      const main = (await mdbkit(dir, ['--help'])).stdout;
      for (const g of listed.keys()) assert.ok(main.includes(g), `mdbkit --help names ${g}`);
    });
  });
});
