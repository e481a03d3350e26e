// The real `mdbkit` binary run as a child process on the fixtures in test/fixtures/cli: exit codes,
// every output format as its consumer reads it, help texts, and the input edge cases (standard input,
// folders, unreadable paths, YAML errors, kinds mdbkit does not check).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { contextFor, runReader } from '../../cli/lint-run.js';
import { COMMANDS } from '../../cli/main.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { allRules } from '../../policies/registry.js';
import { CLI_FIXTURES, ensureBuilt, runCli } from './support/run-cli.js';
import { sarifErrors } from './support/sarif-schema.js';
import { elements, parseXml } from './support/xml.js';

const fixture = (name: string) => `test/fixtures/cli/${name}`;
const NO_STACK = /\n\s+at .+:\d+/;

interface JsonOutput {
  findings: Array<{
    file: string;
    line: number;
    column: number;
    severity: string;
    rule: string;
    path: string;
    message: string;
    apiVersion: string | null;
    kind: string | null;
    name: string | null;
  }>;
  summary: { files: number; documents: number; notChecked: number; errors: number; warnings: number };
}

describe('the mdbkit binary', function () {
  this.timeout(300_000);

  before(() => {
    ensureBuilt();
  });

  describe('help and usage', () => {
    it('describes every command with --help, and exits 0', () => {
      const run = runCli(['--help']);
      assert.equal(run.status, 0);
      for (const command of COMMANDS) assert.match(run.stdout, new RegExp(`\\n  ${command.name} `), command.name);
      assert.match(run.stdout, /--version/);
    });

    for (const command of COMMANDS) {
      it(`describes every option of ${command.name} with ${command.name} --help`, () => {
        const run = runCli([command.name, '--help']);
        assert.equal(run.status, 0);
        // A command whose help names what the registry holds (lint's kinds) prints it made from the real engine.
        assert.equal(run.stdout, command.helpWith ? command.helpWith(createPolicyEngine()) : command.help);
        for (const [name, option] of Object.entries(command.options)) {
          assert.ok(run.stdout.includes(`--${name}`), `--${name}`);
          if (option.short) assert.ok(run.stdout.includes(`-${option.short}, --${name}`), `-${option.short}`);
        }
        assert.match(run.stdout, /-h, --help/);
      });
    }

    it('lists every lint format and the exit codes in lint --help', () => {
      const { stdout } = runCli(['lint', '-h']);
      for (const format of ['text', 'json', 'sarif', 'junit', 'github']) assert.match(stdout, new RegExp(`\\b${format}\\b`));
      assert.match(stdout, /0 {2}no error findings/);
      assert.match(stdout, /2 {2}bad usage, a path that does not exist, or a --report file that cannot be written/);
      assert.match(stdout, /--report <format>=<file>/);
    });

    it('prints the version', () => {
      const version = (JSON.parse(readFileSync(join(CLI_FIXTURES, '../../../package.json'), 'utf8')) as { version: string }).version;
      assert.equal(runCli(['--version']).stdout, `${version}\n`);
    });

    it('exits 2 with usage on stderr when no command is given', () => {
      const run = runCli([]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /Usage: mdbkit <command>/);
    });

    it('exits 2 for an unknown command, suggesting the near one', () => {
      const run = runCli(['lnt', fixture('valid')]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^mdbkit: unknown command "lnt": did you mean "lint"\?\n/);
    });

    it('exits 2 for an unknown option or format, without a stack trace', () => {
      const option = runCli(['lint', '--frobnicate', fixture('valid')]);
      assert.equal(option.status, 2);
      assert.match(option.stderr, /^mdbkit: Unknown option '--frobnicate'/);
      assert.match(option.stderr, /Run 'mdbkit lint --help' for usage\./);
      assert.doesNotMatch(option.stderr, NO_STACK);
      const format = runCli(['lint', '--output', 'xml', fixture('valid')]);
      assert.equal(format.status, 2);
      assert.match(format.stderr, /^mdbkit: unknown output format "xml": use one of text, json, sarif, junit, github\n/);
    });

    it('exits 2 naming a path that cannot be read, without a stack trace', () => {
      const run = runCli(['lint', fixture('valid'), fixture('nope.yaml')]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `mdbkit: cannot read ${fixture('nope.yaml')}: no such file or directory\n`);
      const defaulted = runCli(['default', fixture('nope.yaml')]);
      assert.equal(defaulted.status, 2);
      assert.equal(defaulted.stderr, `mdbkit: cannot read ${fixture('nope.yaml')}: no such file or directory\n`);
    });
  });

  describe('lint', () => {
    it('exits 0 on a folder, read recursively, with no problems', () => {
      const run = runCli(['lint', fixture('valid')]);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(run.stdout, 'no problems in 3 documents in 3 files\n');
      assert.equal(run.stderr, '');
    });

    it('passes every seed manifest with no error', () => {
      const run = runCli(['lint', '--output', 'json', 'test/fixtures/examples/seed-000-maxscale']);
      const report = JSON.parse(run.stdout) as JsonOutput;
      assert.equal(run.status, 0, run.stdout);
      assert.equal(report.summary.errors, 0);
      assert.equal(report.summary.documents, 15);
    });

    it('exits 1 with findings placed at file:line:column (json)', () => {
      const run = runCli(['lint', '--output', 'json', fixture('mistakes.yaml')]);
      assert.equal(run.status, 1);
      const report = JSON.parse(run.stdout) as JsonOutput;
      const placed = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.path}`);
      assert.deepEqual(
        placed.filter((p) => / error /.test(p)),
        [
          `${fixture('mistakes.yaml')}:9:3 error schema/unknown-field spec.monitr`,
          `${fixture('mistakes.yaml')}:13:15 error schema/enum spec.services[0].router`,
          `${fixture('mistakes.yaml')}:15:15 error schema/maximum spec.services[0].listener.port`,
          `${fixture('mistakes.yaml')}:31:11 error schema/pattern spec.storage.size`,
        ],
      );
      const storage = report.findings.find((f) => f.path === 'spec.storage.size')!;
      assert.deepEqual([storage.apiVersion, storage.kind, storage.name], ['enterprise.mariadb.com/v1alpha1', 'MariaDB', 'mariadb-galera']);
      assert.deepEqual(report.summary, {
        files: 1,
        documents: 3,
        notChecked: 1,
        errors: 4,
        warnings: report.findings.filter((f) => f.severity === 'warning').length,
      });
    });

    it('counts the kinds it does not check in the summary, names them with --verbose, and fails on them with --strict', () => {
      const run = runCli(['lint', fixture('unknown-kinds.yaml')]);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, 'no problems in 2 documents in 1 file (2 of other kinds not checked)\n');
      const verbose = runCli(['lint', '--verbose', fixture('unknown-kinds.yaml')]);
      assert.equal(
        verbose.stderr,
        `${fixture('unknown-kinds.yaml')}:1:1: note: skipped ConfigMap "settings" (v1): not a kind mdbkit checks\n` +
          `${fixture('unknown-kinds.yaml')}:8:1: note: skipped Secret "credentials" (v1): not a kind mdbkit checks\n`,
      );
      const strict = runCli(['lint', '--strict', '-o', 'json', '-f', fixture('unknown-kinds.yaml')]);
      assert.equal(strict.status, 1);
      const report = JSON.parse(strict.stdout) as JsonOutput;
      assert.deepEqual(
        report.findings.map((f) => [f.rule, f.kind, f.line]),
        [
          ['document/not-checked', 'ConfigMap', 2],
          ['document/not-checked', 'Secret', 9],
        ],
      );
      assert.deepEqual(report.summary, { files: 1, documents: 2, notChecked: 2, errors: 2, warnings: 0 });
    });

    it('reports YAML syntax errors as findings with line and column', () => {
      const run = runCli(['lint', fixture('syntax-error.yaml')]);
      assert.equal(run.status, 1);
      assert.match(run.stdout, new RegExp(`^${fixture('syntax-error.yaml')}:5:3: error: Map keys must be unique \\[yaml/syntax\\]$`, 'm'));
      assert.match(run.stdout, new RegExp(`^${fixture('syntax-error.yaml')}:\\d+:\\d+: error: .*\\[yaml/syntax\\]$`, 'm'));
      assert.doesNotMatch(run.stderr, NO_STACK);
    });

    it('resolves a MaxScale’s mariaDbRef to a MariaDB in the same run', () => {
      const both = JSON.parse(runCli(['lint', '-o', 'json', fixture('cross-reference.yaml')]).stdout) as JsonOutput;
      const notHa = both.findings.find((f) => f.rule === 'maxscale/mariadb-not-highly-available');
      assert.ok(notHa, JSON.stringify(both.findings));
      assert.deepEqual([notHa.line, notHa.column, notHa.path], [7, 11, 'spec.mariaDbRef.name']);
      // Alone, the MariaDB is not known, so that finding cannot be made.
      const maxscaleOnly = readFileSync(join(CLI_FIXTURES, 'cross-reference.yaml'), 'utf8').split('---')[0]!;
      const alone = JSON.parse(runCli(['lint', '-o', 'json', '-'], { input: maxscaleOnly }).stdout) as JsonOutput;
      assert.ok(!alone.findings.some((f) => f.rule === 'maxscale/mariadb-not-highly-available'));
    });

    it('reads standard input with -, and when input is piped with no PATH', () => {
      const input = readFileSync(join(CLI_FIXTURES, 'mistakes.yaml'), 'utf8');
      const dash = runCli(['lint', '--verbose', '--stdin-filename', 'piped.yaml', '-'], { input });
      assert.equal(dash.status, 1);
      assert.match(dash.stdout, /^piped\.yaml:9:3: error: spec\.monitr: /m);
      assert.match(dash.stderr, /^piped\.yaml:17:1: note: skipped ConfigMap/m);
      const implicit = runCli(['lint', '-o', 'json'], { input });
      const report = JSON.parse(implicit.stdout) as JsonOutput;
      assert.equal(implicit.status, 1);
      assert.equal(report.findings[0]!.file, '<stdin>');
    });

    it('writes SARIF 2.1.0 that validates against the schema', () => {
      const run = runCli(['lint', '--output', 'sarif', fixture('mistakes.yaml'), fixture('syntax-error.yaml'), fixture('valid')]);
      assert.equal(run.status, 1);
      const log = JSON.parse(run.stdout);
      assert.deepEqual(sarifErrors(log), []);
      const { results, tool } = log.runs[0];
      const ids = new Set(tool.driver.rules.map((r: { id: string }) => r.id));
      // The rules that ran on the run's objects: the schema's and the kinds' own, not every kind's.
      for (const id of ['schema/unknown-field', 'schema/enum', 'yaml/syntax', 'maxscale/monitor-module-required', 'mariadb/galera-even-replicas'])
        assert.ok(ids.has(id), id);
      assert.ok(!ids.has('galera/replicas'), 'a rule of a kind not in the run is not listed');
      const monitr = results.find((r: { ruleId: string }) => r.ruleId === 'schema/unknown-field');
      assert.equal(monitr.level, 'error');
      assert.deepEqual(monitr.locations[0].physicalLocation, {
        artifactLocation: { uri: 'test/fixtures/cli/mistakes.yaml' },
        region: { startLine: 9, startColumn: 3, endLine: 9, endColumn: 9 },
      });
    });

    it('writes well-formed JUnit XML with a case per manifest', () => {
      const run = runCli(['lint', '--output', 'junit', fixture('mistakes.yaml'), fixture('valid')]);
      assert.equal(run.status, 1);
      const root = parseXml(run.stdout);
      assert.equal(root.attributes.tests, '6');
      assert.equal(root.attributes.failures, '2');
      assert.equal(root.attributes.skipped, '1');
      assert.deepEqual(
        elements(root, 'testsuite').map((s) => s.attributes.name),
        [fixture('mistakes.yaml'), fixture('valid/a-mariadb.yaml'), fixture('valid/nested/b-maxscale.yml'), fixture('valid/nested/c-connection.json')],
      );
    });

    it('writes GitHub workflow commands', () => {
      const run = runCli(['lint', '--output', 'github', fixture('mistakes.yaml')]);
      assert.equal(run.status, 1);
      const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
      assert.equal(commands.filter((l) => l.startsWith('::error ')).length, 4);
      for (const line of commands) {
        assert.match(line, /^::(error|warning) file=[^,]+,line=\d+,col=\d+(,endLine=\d+,endColumn=\d+)?,title=[a-z0-9]+\/[a-z0-9-]+::\S.*$/, line);
      }
      assert.ok(
        commands.includes(
          `::error file=${fixture('mistakes.yaml')},line=9,col=3,endLine=9,endColumn=9,title=schema/unknown-field::spec.monitr: unknown field "monitr": did you mean "monitor"?`,
        ),
      );
    });

    it('colours text only on a terminal or when asked', () => {
      assert.doesNotMatch(runCli(['lint', fixture('mistakes.yaml')]).stdout, /\u001b\[/);
      assert.match(runCli(['lint', '--color', fixture('mistakes.yaml')]).stdout, /\u001b\[31merror:/);
      assert.doesNotMatch(runCli(['lint', '--color', '--no-color', fixture('mistakes.yaml')]).stdout, /\u001b\[/);
    });
  });

  describe('default', () => {
    const engine = createPolicyEngine();

    async function expected(file: string): Promise<unknown[]> {
      const objects = parseAllDocuments(readFileSync(join(CLI_FIXTURES, file), 'utf8')).map((d) => d.toJS() as KubeObject);
      const reader = runReader(objects);
      return Promise.all(objects.map(async (o) => (await engine.default(o, contextFor(o, reader)))?.object ?? o));
    }

    it('prints what the webhook would store, keeping comments and order', async () => {
      const run = runCli(['default', fixture('commented.yaml')]);
      assert.equal(run.status, 0, run.stderr);
      const documents = parseAllDocuments(run.stdout).map((d) => d.toJS());
      assert.deepEqual(documents, await expected('commented.yaml'));
      for (const comment of [
        '# The database: three Galera nodes.',
        '# named after the MaxScale',
        '# enough for the demo',
        '# The proxy in front of it.',
        '# writes to the primary only',
      ]) {
        assert.ok(run.stdout.includes(comment), comment);
      }
      assert.ok(run.stdout.indexOf('kind: MariaDB') < run.stdout.indexOf('kind: MaxScale'), 'input order');
      assert.match(run.stdout, /\n---\n/);
    });

    it('infers galeramon and the rw-router service for the seed MaxScale beside its MariaDB, and leaves its servers to the operator', () => {
      const seeds = 'test/fixtures/examples/seed-000-maxscale';
      const run = runCli(['default', `${seeds}/01-maxscale-minimal.yaml`, `${seeds}/03-mariadb-maxscale-ref.yaml`]);
      assert.equal(run.status, 0, run.stderr);
      const [maxscale] = parseAllDocuments(run.stdout).map((d) => d.toJS() as { spec: Record<string, any> });
      // The operator's webhook refuses servers beside mariaDbRef on CREATE: its controller writes them.
      assert.equal(maxscale!.spec.servers, undefined);
      assert.equal(maxscale!.spec.monitor.module, 'galeramon');
      assert.deepEqual(
        maxscale!.spec.services.map((s: { name: string; router: string; listener: { port: number } }) => [s.name, s.router, s.listener.port]),
        [['rw-router', 'readwritesplit', 3306]],
      );
      assert.ok(run.stdout.startsWith('# The minimal MaxScale'), 'the seed comment is kept');
    });

    it('is stable: defaulting its own output changes nothing', () => {
      const once = runCli(['default', fixture('commented.yaml')]).stdout;
      const twice = runCli(['default', '-'], { input: once });
      assert.equal(twice.status, 0);
      assert.equal(twice.stdout, once);
    });

    it('passes other kinds through unchanged, with a note', () => {
      const run = runCli(['default', fixture('unknown-kinds.yaml')]);
      assert.equal(run.status, 0);
      assert.deepEqual(
        parseAllDocuments(run.stdout).map((d) => d.toJS()),
        parseAllDocuments(readFileSync(join(CLI_FIXTURES, 'unknown-kinds.yaml'), 'utf8')).map((d) => d.toJS()),
      );
      assert.match(run.stderr, /unknown-kinds\.yaml:1:1: note: ConfigMap "settings" \(v1\) passed through unchanged/);
    });

    it('prints nothing and exits 1 on a YAML syntax error', () => {
      const run = runCli(['default', fixture('syntax-error.yaml')]);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /syntax-error\.yaml:5:3: error: Map keys must be unique \[yaml\/syntax\]/);
    });

    it('defaults each item of a kind: List as a document of its own, and prints one List', async () => {
      const run = runCli(['default', fixture('list.yaml')]);
      assert.equal(run.status, 0, run.stderr);
      const printed = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; items: unknown[]; metadata: unknown });
      assert.equal(printed.length, 1, 'still one document');
      const input = parse(readFileSync(join(CLI_FIXTURES, 'list.yaml'), 'utf8')) as { items: KubeObject[] };
      // The items as the webhook would store each, the MaxScale's reference resolved against the MariaDB beside it.
      const reader = runReader(input.items);
      const stored = await Promise.all(input.items.map(async (o) => (await engine.default(o, contextFor(o, reader)))?.object ?? o));
      assert.deepEqual(printed[0]!.items, stored);
      assert.equal((printed[0]!.items[1] as { spec: { monitor: { module: string } } }).spec.monitor.module, 'galeramon');
      assert.deepEqual(printed[0]!.items[2], input.items[2], 'the ConfigMap is unchanged');
      assert.equal(printed[0]!.kind, 'List');
      assert.deepEqual(printed[0]!.metadata, { resourceVersion: '' });
      assert.match(run.stderr, /list\.yaml:24:3: note: ConfigMap "settings" \(v1\) passed through unchanged/);
      for (const comment of [
        '# The database: three Galera nodes.',
        '# enough for the demo',
        '# The proxy in front of it, found by its mariaDbRef in the same List.',
      ]) {
        assert.ok(run.stdout.includes(comment), comment);
      }
      assert.equal(runCli(['default', '-'], { input: run.stdout }).stdout, run.stdout, 'defaulting the output again changes nothing');
      const notObject = runCli(['default', '-'], { input: 'apiVersion: v1\nkind: List\nitems:\n- 42\n' });
      assert.equal(notObject.status, 0);
      assert.equal(notObject.stdout, 'apiVersion: v1\nkind: List\nitems:\n- 42\n');
      assert.match(
        notObject.stderr,
        /^<stdin>:4:3: note: item 1 of document 1 passed through unchanged: a List item must be a Kubernetes object, not a number$/m,
      );
    });

    it('writes defaulting warnings to stderr as file:line:col: warning', () => {
      const run = runCli(['default', fixture('valid/nested/b-maxscale.yml')]);
      assert.equal(run.status, 0);
      assert.match(run.stderr, /^test\/fixtures\/cli\/valid\/nested\/b-maxscale\.yml:\d+:\d+: warning: .+ \[[a-z]+\/[a-z-]+\]$/m);
      assert.deepEqual(parse(run.stdout).metadata, { name: 'maxscale-galera' });
    });
  });

  describe('rules', () => {
    it('lists every catalog rule with what, why and fix', () => {
      const run = runCli(['rules']);
      assert.equal(run.status, 0);
      for (const rule of allRules()) {
        const severity = rule.on.length === 1 ? `${rule.severity} ${rule.on[0]} only` : rule.severity;
        assert.ok(run.stdout.includes(`${rule.id} (${severity})\n  Kinds: `), rule.id);
        assert.ok(run.stdout.includes(`\n  What:  ${rule.what}\n  Why:   ${rule.why}\n  Fix:   ${rule.fix}\n`), rule.id);
      }
    });

    it('prints JSON and markdown', () => {
      const rules = JSON.parse(runCli(['rules', '--output', 'json']).stdout) as Array<Record<string, string>>;
      assert.deepEqual(Object.keys(rules[0]!), ['id', 'severity', 'appliesTo', 'on', 'what', 'why', 'fix', 'celTwin']);
      const ids = rules.map((r) => r.id);
      assert.deepEqual(
        ids,
        allRules().map((r) => r.id),
      );
      for (const id of ['yaml/syntax', 'schema/unknown-field']) assert.ok(ids.includes(id), id);
      assert.deepEqual(rules.find((r) => r.id === 'maxscale/immutable-field')!.on, ['UPDATE']);
      assert.deepEqual(rules.find((r) => r.id === 'maxscale/pdb-one-of')!.appliesTo, ['MaxScale (enterprise.mariadb.com, k8s.mariadb.com)']);
      const markdown = runCli(['rules', '-o', 'markdown']).stdout;
      assert.match(markdown, /^\| Rule \| Severity \| Applies to \| What \| Why \| Fix \| CEL twin in the CRD \|\n\| --- \|/);
      assert.equal(markdown.trimEnd().split('\n').length, rules.length + 2);
    });
  });
});
