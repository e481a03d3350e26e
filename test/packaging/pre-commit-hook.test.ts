// The pre-commit hook (.pre-commit-hooks.yaml): pre-commit installs this repository as a node package (npm
// pack, then install of the tarball) and runs the entry with the staged files its `files` pattern matches.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { installPackage, runInstalled } from './support/installed-package.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'mdbkit-lint');

describe('the pre-commit hook mdbkit-lint', () => {
  it('runs `mdbkit lint` from the node package with the file names', () => {
    assert.ok(hook, 'no hook with id mdbkit-lint');
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'mdbkit lint');
    assert.notEqual(hook.pass_filenames, false);
  });

  it('picks YAML and JSON files and leaves the others', () => {
    // pre-commit matches `files` with Python's re.search; these patterns mean the same in JavaScript.
    const files = new RegExp(hook!.files);
    for (const path of ['deploy/db.yaml', 'k8s/maxscale.yml', 'connection.json']) assert.ok(files.test(path), `${path} is not picked`);
    for (const path of ['README.md', 'deploy/yaml.txt', 'Dockerfile']) assert.ok(!files.test(path), `${path} is picked`);
  });

  it('its entry, run as pre-commit runs it on two staged files, reports the mistake and fails the commit', () => {
    const { firstRun } = installPackage();
    assert.equal(firstRun.status, 0, firstRun.stderr);
    const [command, ...args] = hook!.entry.split(' ');
    assert.equal(command, 'mdbkit');
    const run = runInstalled([...args, 'deploy/db.yaml', 'deploy/db-typo.yaml']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^deploy\/db-typo\.yaml:9:11: error: spec\.storage\.size:/m);
    assert.match(run.stdout, /in 2 documents in 2 files/);
    // The pattern also picks YAML and JSON that is no manifest (a workflow, package.json): lint passes those by.
    const clean = runInstalled([...args, 'deploy/db.yaml', join(PROJECT_ROOT, 'action.yml'), join(PROJECT_ROOT, 'package.json')]);
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /no problems in 3 documents in 3 files \(2 of other kinds not checked\)/);
  });
});
