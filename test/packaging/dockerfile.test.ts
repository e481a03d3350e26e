// The image (Dockerfile), read rather than built: no Docker engine here. Its bases are ARG-able images on a
// current Node LTS, its runtime has no npm and runs as a numeric non-root user, and it ships what the npm
// package ships, which the packaging tests install and run.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { packProject } from './support/installed-package.js';

interface Stage {
  image: string;
  name?: string;
  instructions: { op: string; args: string }[];
}

interface Dockerfile {
  /** The ARGs before the first FROM, with their defaults. */
  args: Map<string, string>;
  stages: Stage[];
}

/** Instructions per stage, continuation lines joined and comments dropped; FROM keeps its text unexpanded. */
function parseDockerfile(text: string): Dockerfile {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [key = '', value = ''] = rest.split('=');
      args.set(key, value);
    } else if (upper === 'FROM') {
      const [image = '', as, name] = rest.split(/\s+/);
      stages.push({ image, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      assert.ok(stages.length > 0, `${line} comes before any FROM`);
      stages.at(-1)!.instructions.push({ op: upper, args: rest });
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1)!;
const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const stageNamed = (name: string) => dockerfile.stages.find((s) => s.name === name);

describe('the Dockerfile', () => {
  it('takes every base image from an ARG with a default on Node 24 (the active LTS) pinned by digest, build and runtime', () => {
    assert.ok(dockerfile.stages.length >= 2, 'multi-stage');
    for (const stage of dockerfile.stages) {
      const arg = /^\$\{(\w+)\}$/.exec(stage.image)?.[1];
      assert.ok(arg, `FROM ${stage.image} is not an ARG`);
      const image = dockerfile.args.get(arg);
      assert.ok(image, `ARG ${arg} has no default`);
      // The digest follows the tag: the tag still says which Node it is.
      assert.match(image, /node(js)?[:-]?24\b/, `${arg}=${image} is not Node 24`);
      assert.match(image, /^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/, `${arg}=${image} is not pinned by digest (scripts/pin-image-digests.sh)`);
    }
  });

  it('runs as a numeric non-root user, with no npm, no RUN and nothing installed in the runtime stage', () => {
    const users = all(runtime, 'USER');
    assert.equal(users.length, 1);
    const [user = '', group = ''] = users[0]!.split(':');
    assert.match(user, /^\d+$/, `USER ${users[0]} is not numeric: Kubernetes' runAsNonRoot cannot verify a name`);
    assert.ok(Number(user) > 0 && (group === '' || Number(group) > 0), `USER ${users[0]} is root`);
    assert.deepEqual(all(runtime, 'RUN'), [], 'the distroless runtime has no shell to RUN with');
    assert.deepEqual(
      runtime.instructions.filter((i) => /\bnpm\b/.test(i.args)),
      [],
    );
    // The chart's runAsUser must be the image's user, or the files could be unreadable to it.
    const deployment = readFileSync(join(PROJECT_ROOT, 'charts', 'mdbkit-webhook', 'templates', 'deployment.yaml'), 'utf8');
    assert.match(deployment, new RegExp(`runAsUser: ${user}\\b`));
  });

  it('installs the production dependencies only, without install scripts, and copies them into the runtime', () => {
    const install = dockerfile.stages
      .flatMap((s) => all(s, 'RUN').map((run) => ({ stage: s.name, run })))
      .filter(({ run }) => /\bnpm ci\b.*--omit=dev/.test(run));
    assert.equal(install.length, 1, 'one npm ci --omit=dev');
    assert.match(install[0]!.run, /--ignore-scripts/);
    const copies = all(runtime, 'COPY');
    assert.ok(
      copies.some((c) => c.startsWith(`--from=${install[0]!.stage} `) && / \/app\/node_modules /.test(` ${c} `)),
      `the runtime does not copy node_modules from ${install[0]!.stage}: ${copies.join('; ')}`,
    );
  });

  it('ships the npm package as packed, whose files are the ones `mdbkit serve` starts from', () => {
    const build = stageNamed('build');
    assert.ok(build, 'a stage named build');
    // The build stage packs (prepack builds) and unpacks: the image gets exactly package.json "files".
    assert.ok(
      all(build, 'RUN').some((r) => /\bnpm pack\b/.test(r) && /tar -xzf mdbkit-\*\.tgz/.test(r)),
      all(build, 'RUN').join('\n'),
    );
    assert.ok(all(runtime, 'COPY').includes('--from=build /src/package ./'), all(runtime, 'COPY').join('\n'));
    const entrypoint = JSON.parse(all(runtime, 'ENTRYPOINT')[0]!) as string[];
    const command = JSON.parse(all(runtime, 'CMD')[0]!) as string[];
    assert.deepEqual([...entrypoint.slice(1), ...command], ['/app/bin/mdbkit.js', 'serve']);
    assert.equal(all(runtime, 'WORKDIR').at(-1), '/app');
    const shipped = new Set(packProject().files);
    // The launcher, the CLI, the webhook server, the package.json the CLI finds its root by, and the schemas it compiles at start.
    for (const file of ['bin/mdbkit.js', 'dist/bundle/main.js', 'package.json', 'schemas/operator-versions.json']) {
      assert.ok(shipped.has(file), `${file} is not in the package the image unpacks`);
    }
  });

  it('gets a build context with what the build compiles and npm pack ships, and not the machine it was built on', () => {
    const ignore = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(ignore[0], '*', 'an allow-list');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const tsconfig = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    for (const dir of tsconfig.include.filter((d) => d !== 'test')) assert.ok(allowed.includes(dir), `${dir} is compiled but not in the build context`);
    // Every top-level entry the package ships must reach the build, or npm pack in the image would lack it.
    for (const top of new Set(packProject().files.map((f) => f.split('/')[0]!))) {
      assert.ok(allowed.includes(top) || (top === 'dist' && allowed.includes('tsconfig.json')), `${top} is in the package but not in the build context`);
    }
    for (const path of ['node_modules', 'dist', '.git', 'test', '.mdbkit-dev']) assert.ok(!allowed.includes(path), path);
    // Every script the build runs (prepack runs it in the image's build stage) must reach it too.
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const buildScripts = [...manifest.scripts.build!.matchAll(/\b(?:node|tsx) ([\w./-]+\.(?:mjs|js|ts))\b/g)].map((m) => m[1]!);
    assert.ok(buildScripts.includes('scripts/bundle-cli.mjs'), manifest.scripts.build);
    for (const script of buildScripts) {
      assert.ok(allowed.includes(script) || allowed.includes(script.split('/')[0]!), `the build runs ${script}, which is not in the build context`);
    }
  });

  it('scripts/pin-image-digests.sh pins each base to the digest the registry gives for its tag', () => {
    // A stand-in for crane that answers one digest per tag it is asked about, and records the questions.
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-pin-'));
    const asked = join(dir, 'asked');
    writeFileSync(join(dir, 'crane'), `#!/bin/sh\necho "$2" >> '${asked}'\nprintf 'sha256:%s\\n' "$(printf '%s' "$2" | sha256sum | cut -c1-64)"\n`);
    chmodSync(join(dir, 'crane'), 0o755);
    const copy = join(dir, 'Dockerfile');
    copyFileSync(join(PROJECT_ROOT, 'Dockerfile'), copy);
    const pin = () =>
      spawnSync('bash', [join(PROJECT_ROOT, 'scripts', 'pin-image-digests.sh'), copy], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      });
    assert.equal(pin().status, 0);
    const once = readFileSync(copy, 'utf8');
    const pinned = parseDockerfile(once).args;
    // The committed file is pinned already: the script asks about each tag and writes the registry's digest.
    const tags = [...dockerfile.args.values()].map((image) => image.replace(/@sha256:[0-9a-f]{64}$/, ''));
    for (const [name, image] of dockerfile.args) {
      if (!name.endsWith('_IMAGE')) continue;
      const tag = image.replace(/@sha256:[0-9a-f]{64}$/, '');
      assert.match(pinned.get(name)!, new RegExp(`^${tag.replace(/[.:/]/g, '\\$&')}@sha256:[0-9a-f]{64}$`));
      assert.notEqual(pinned.get(name), image, 'the stand-in registry gives another digest than the committed one');
    }
    // Run again on the pinned file: it asks about the tags, not tag@digest, and gives the same bytes.
    assert.equal(pin().status, 0);
    assert.equal(readFileSync(copy, 'utf8'), once);
    assert.deepEqual(readFileSync(asked, 'utf8').trim().split('\n'), [...tags, ...tags]);
    rmSync(dir, { recursive: true, force: true });
  });
});
