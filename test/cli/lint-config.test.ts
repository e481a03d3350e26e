// `.mdbkit.yaml` and the mdbkit.dev/skip-rules annotation, through `mdbkit lint` in-process: what a user
// switching a rule off, re-grading it, excluding files or mistyping an id would see.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIO } from '../../cli/command.js';
import { run } from '../../cli/main.js';
import type { PolicyEngine } from '../../policies/policy-engine.js';
import { createPolicyEngine } from '../../policies/registry.js';

let engine: PolicyEngine | undefined;

async function lint(
  cwd: string,
  args: string[],
): Promise<{
  status: number;
  stdout: string;
  stderr: string;
  json: () => {
    findings: Array<{ rule: string; severity: string; file: string }>;
    rules: Array<{ id: string; passed: number; failed: number; skipped: number }>;
  };
}> {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    cwd,
    env: {},
    loadEngine: async () => (engine ??= createPolicyEngine()),
  };
  const status = await run(['lint', ...args], io);
  return { status, ...out, json: () => JSON.parse(out.stdout) };
}

// A MaxScale whose only problems are a short monitor interval (a warning) and two listeners on one port (an error).
const MAXSCALE = `apiVersion: enterprise.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: maxscale
ANNOTATIONS
spec:
  servers:
    - name: db-0
      address: db-0.example
  monitor:
    module: galeramon
    interval: 500ms
  auth:
    clientUsername: maxscale-client
    clientPasswordSecretKeyRef: { name: maxscale, key: password }
    serverUsername: maxscale-server
    serverPasswordSecretKeyRef: { name: maxscale, key: password }
    monitorUsername: maxscale-monitor
    monitorPasswordSecretKeyRef: { name: maxscale, key: password }
  services:
    - name: rw
      router: readwritesplit
      listener:
        port: 3306
    - name: ro
      router: readconnroute
      listener:
        port: 3306
`;

const maxscale = (annotation = '') => MAXSCALE.replace('ANNOTATIONS\n', annotation ? `  annotations:\n    mdbkit.dev/skip-rules: "${annotation}"\n` : '');

describe('mdbkit lint with a config file and skip annotations', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mdbkit-config-'));
    mkdirSync(join(root, 'deploy', 'vendor'), { recursive: true });
    writeFileSync(join(root, 'deploy', 'maxscale.yaml'), maxscale());
    writeFileSync(join(root, 'deploy', 'vendor', 'theirs.yaml'), maxscale());
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const config = (text: string, dir = root) => writeFileSync(join(dir, '.mdbkit.yaml'), text);
  const rulesOf = (findings: Array<{ rule: string }>) => [...new Set(findings.map((f) => f.rule))].sort();

  it('without a config reports both findings and fails', async () => {
    const result = await lint(root, ['-o', 'json', 'deploy/maxscale.yaml']);
    assert.equal(result.status, 1);
    assert.deepEqual(rulesOf(result.json().findings), ['maxscale/duplicate-listener-port', 'maxscale/monitor-interval-short']);
  });

  it('finds the nearest .mdbkit.yaml upward and switches a rule off, recording it as skipped', async () => {
    config('rules:\n  disable: [maxscale/duplicate-listener-port]\n');
    const result = await lint(join(root, 'deploy'), ['-o', 'json', 'maxscale.yaml']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rulesOf(result.json().findings), ['maxscale/monitor-interval-short']);
    assert.deepEqual(
      result.json().rules.find((r) => r.id === 'maxscale/duplicate-listener-port'),
      { id: 'maxscale/duplicate-listener-port', passed: 0, failed: 0, skipped: 1 },
    );
  });

  it('re-grades a rule: an error made a warning no longer fails the run, a warning made an error does', async () => {
    config('rules:\n  severity:\n    maxscale/duplicate-listener-port: warning\n');
    let result = await lint(root, ['-o', 'json', 'deploy/maxscale.yaml']);
    assert.equal(result.status, 0);
    assert.ok(result.json().findings.every((f) => f.severity === 'warning'));
    config('rules:\n  disable: [maxscale/duplicate-listener-port]\n  severity:\n    maxscale/monitor-interval-short: error\n');
    result = await lint(root, ['-o', 'json', 'deploy/maxscale.yaml']);
    assert.equal(result.status, 1);
    assert.deepEqual(
      result.json().findings.map((f) => [f.rule, f.severity]),
      [['maxscale/monitor-interval-short', 'error']],
    );
  });

  it('disables a whole area and enables one rule of it back', async () => {
    config('rules:\n  disable: ["maxscale/*"]\n  enable: [maxscale/monitor-interval-short]\n');
    const result = await lint(root, ['-o', 'json', 'deploy/maxscale.yaml']);
    assert.deepEqual(rulesOf(result.json().findings), ['maxscale/monitor-interval-short']);
  });

  it('excludes files by glob, relative to the config file, and says so for a file named on the command line', async () => {
    config('exclude:\n  - deploy/vendor/\n');
    const folder = await lint(root, ['-o', 'json', 'deploy']);
    assert.deepEqual([...new Set(folder.json().findings.map((f) => f.file))], ['deploy/maxscale.yaml']);
    const named = await lint(root, ['-o', 'json', 'deploy/vendor/theirs.yaml', 'deploy/maxscale.yaml']);
    assert.match(named.stderr, /deploy\/vendor\/theirs\.yaml: .*not checked: excluded by \.mdbkit\.yaml/);
  });

  it('takes --config over the file found, and --no-config ignores both', async () => {
    config('rules:\n  disable: [maxscale/duplicate-listener-port]\n');
    writeFileSync(join(root, 'strict.yaml'), 'rules:\n  severity:\n    maxscale/monitor-interval-short: error\n');
    const given = await lint(root, ['-o', 'json', '--config', 'strict.yaml', 'deploy/maxscale.yaml']);
    assert.deepEqual(rulesOf(given.json().findings), ['maxscale/duplicate-listener-port', 'maxscale/monitor-interval-short']);
    assert.ok(given.json().findings.every((f) => f.severity === 'error'));
    const none = await lint(root, ['-o', 'json', '--no-config', 'deploy/maxscale.yaml']);
    assert.equal(none.json().findings.length, 2);
  });

  for (const [text, expected] of [
    [
      'rules:\n  disable:\n    - maxscale/duplicate-listner-port\n',
      /^mdbkit: \.mdbkit\.yaml:3:7: unknown rule "maxscale\/duplicate-listner-port"; did you mean "maxscale\/duplicate-listener-port"\?\n$/,
    ],
    [
      'rules:\n  severity:\n    maxscale/monitor-interval-shrt: error\n',
      /^mdbkit: \.mdbkit\.yaml:3:5: unknown rule "maxscale\/monitor-interval-shrt"; did you mean "maxscale\/monitor-interval-short"\?\n$/,
    ],
    ['rules:\n  disable: ["maxscal/*"]\n', /unknown rule "maxscal\/\*"; did you mean "maxscale\/\*"\?/],
    ['rule:\n  disable: []\n', /^mdbkit: \.mdbkit\.yaml:1:1: rule: unknown field "rule": did you mean "rules"\?\n$/],
    [
      'rules:\n  severity:\n    maxscale/monitor-interval-short: fatal\n',
      /^mdbkit: \.mdbkit\.yaml:3:38: rules\.severity\[maxscale\/monitor-interval-short\]: Unsupported value: "fatal": supported values: "error", "warning"\n$/,
    ],
    ['rules: [unclosed\n', /^mdbkit: \.mdbkit\.yaml:\d+:\d+: not valid YAML: /],
  ] as const) {
    it(`stops with exit 2 and the place of the problem: ${JSON.stringify(text)}`, async () => {
      config(text);
      const result = await lint(root, ['deploy/maxscale.yaml']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, expected);
      assert.equal(result.stdout, '', 'nothing is linted with a config that cannot be used');
    });
  }

  it('skips the rules an object names in its mdbkit.dev/skip-rules annotation, for that object only', async () => {
    writeFileSync(
      join(root, 'deploy', 'maxscale.yaml'),
      `${maxscale('maxscale/duplicate-listener-port')}---\n${maxscale().replace('name: maxscale', 'name: other')}`,
    );
    const result = await lint(root, ['-o', 'json', 'deploy/maxscale.yaml']);
    const listeners = result.json().findings.filter((f) => f.rule === 'maxscale/duplicate-listener-port');
    assert.equal(listeners.length, 1, 'the second object, without the annotation, still gets the finding');
    assert.deepEqual(
      result.json().rules.find((r) => r.id === 'maxscale/duplicate-listener-port'),
      { id: 'maxscale/duplicate-listener-port', passed: 0, failed: 1, skipped: 1 },
    );
  });

  it('warns about a rule id in the annotation that names no rule, with the nearest one', async () => {
    writeFileSync(join(root, 'deploy', 'maxscale.yaml'), maxscale('maxscale/duplicate-listner-port'));
    const result = await lint(root, ['deploy/maxscale.yaml']);
    assert.match(
      result.stdout,
      /metadata\.annotations\[mdbkit\.dev\/skip-rules\]: no rule "maxscale\/duplicate-listner-port" to skip: did you mean "maxscale\/duplicate-listener-port"\? \[mdbkit\/skip-annotation-unknown-rule\]/,
    );
    assert.match(result.stdout, /\[maxscale\/duplicate-listener-port\]/, 'the misspelt skip skipped nothing');
  });
});
