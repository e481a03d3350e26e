// The GitHub Action (action.yml and its script action/run-lint.sh): what a workflow declares reaches the
// script, and the script, run as the runner runs it, installs mdbkit, lints, writes SARIF for code scanning
// and passes lint's exit code on.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { ACTION_SCRIPT, installPackage, runAction } from './support/installed-package.js';

interface ActionYaml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { using: string; steps: { run?: string; shell?: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionYaml;
const script = readFileSync(ACTION_SCRIPT, 'utf8');

describe('the GitHub Action', () => {
  describe('action.yml', () => {
    it('is a composite action whose step runs action/run-lint.sh from the action folder with bash', () => {
      assert.equal(action.runs.using, 'composite');
      const steps = action.runs.steps.filter((s) => s.run?.includes('$GITHUB_ACTION_PATH/action/run-lint.sh'));
      assert.equal(steps.length, 1, 'no step runs the script');
      assert.equal(steps[0]!.shell, 'bash');
    });

    it('declares every input the script reads and maps it to the INPUT_ variable the script reads', () => {
      const read = [...new Set([...script.matchAll(/\bINPUT_([A-Z_]+)/g)].map((m) => m[1]!))].sort();
      assert.ok(read.includes('PATHS') && read.includes('SARIF_FILE'), `the scan found only ${read.join(', ')}`);
      const env = action.runs.steps.find((s) => s.run?.includes('run-lint.sh'))!.env ?? {};
      for (const variable of read) {
        const input = variable.toLowerCase().replace(/_/g, '-');
        assert.ok(action.inputs[input], `the script reads INPUT_${variable} but action.yml declares no input "${input}"`);
        assert.equal(env[`INPUT_${variable}`], `\${{ inputs.${input} }}`, `INPUT_${variable} is not mapped from inputs.${input}`);
      }
      assert.deepEqual(Object.keys(action.inputs).sort(), read.map((v) => v.toLowerCase().replace(/_/g, '-')).sort(), 'an input the script never reads');
      assert.equal(action.inputs.paths!.required, true);
      assert.equal(action.inputs.format!.default, 'github');
    });
  });

  describe('run-lint.sh, as the runner runs it, against the packed package', function () {
    before(function () {
      const { firstRun } = installPackage();
      assert.equal(firstRun.status, 0, `the first run (which installs) failed:\n${firstRun.stdout}\n${firstRun.stderr}`);
      assert.match(firstRun.stdout, /installing .*mdbkit-.*\.tgz/);
    });

    it('writes SARIF for code scanning and annotates the finding, exit 1, when a manifest has a mistake', () => {
      const { runnerTemp } = installPackage();
      const sarifFile = join(mkdtempSync(join(runnerTemp, 'sarif-')), 'results', 'mdbkit.sarif');
      const output = join(runnerTemp, 'github-output');
      const run = runAction(runnerTemp, { paths: 'deploy/db.yaml\ndeploy/db-typo.yaml', 'sarif-file': sarifFile }, { GITHUB_OUTPUT: output });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      // Reused: one install per job, whatever the number of mdbkit steps.
      assert.match(run.stdout, /using .* installed in/);
      assert.match(run.stdout, /^::error file=deploy\/db-typo\.yaml,line=9,col=11.*::/m);
      const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0].results as {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }[];
      assert.deepEqual(
        results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]),
        [['schema/pattern', 'deploy/db-typo.yaml', 9]],
      );
      assert.equal(readFileSync(output, 'utf8'), `sarif-file=${sarifFile}\n`);
    });

    it('exits 0 with an empty SARIF result list when the manifests are valid', () => {
      const { runnerTemp } = installPackage();
      const sarifFile = join(mkdtempSync(join(runnerTemp, 'sarif-')), 'mdbkit.sarif');
      const run = runAction(runnerTemp, { paths: 'deploy/db.yaml', format: 'github', 'sarif-file': sarifFile });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.deepEqual(JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results, []);
    });

    it('passes a usage error on as exit 2 and writes no SARIF', () => {
      const { runnerTemp } = installPackage();
      const sarifFile = join(mkdtempSync(join(runnerTemp, 'sarif-')), 'mdbkit.sarif');
      const run = runAction(runnerTemp, { paths: 'deploy/db.yaml', 'operator-version': '1.0', 'sarif-file': sarifFile });
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /operator version "1\.0"/);
      assert.equal(existsSync(sarifFile), false);
    });

    it('refuses a format lint does not have before installing anything', () => {
      const runnerTemp = mkdtempSync(join(tmpdir(), 'mdbkit-runner-'));
      const run = runAction(runnerTemp, { paths: 'deploy', format: 'html' });
      rmSync(runnerTemp, { recursive: true, force: true });
      assert.equal(run.status, 2);
      assert.match(run.stdout, /^::error title=mdbkit action::the input "format" is "html": use text, json, sarif, junit or github$/m);
    });
  });
});

describe("README's Install snippets", () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  // Only the snippets these tests look for are parsed: other YAML examples in the README may be fragments.
  const snippet = (marker: string): unknown => {
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((text) => text.includes(marker));
    return block === undefined ? undefined : parse(block);
  };

  it('the workflow uses this action with inputs it declares, and uploads the SARIF file it writes', () => {
    const workflow = snippet('uses: mdbkit/mdbkit@') as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> } | undefined;
    assert.ok(workflow, 'no workflow snippet using mdbkit/mdbkit');
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const step = steps.find((s) => s.uses?.startsWith('mdbkit/mdbkit@'))!;
    for (const input of Object.keys(step.with ?? {})) assert.ok(action.inputs[input], `the README passes "${input}", which action.yml does not declare`);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, step.with?.['sarif-file']);
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/setup-node@')));
  });

  it('the pre-commit config names this repository and the hook', () => {
    const config = snippet('repos:') as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] } | undefined;
    assert.ok(config, 'no .pre-commit-config.yaml snippet');
    const [entry] = config.repos;
    assert.equal(entry?.repo, 'https://github.com/mdbkit/mdbkit');
    const hooks = parse(readFileSync(join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[];
    for (const hook of entry.hooks)
      assert.ok(
        hooks.some((h) => h.id === hook.id),
        `no hook ${hook.id}`,
      );
  });
});
