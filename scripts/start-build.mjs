// `npm start`'s build: the steps of `npm run generate` (types from the schemas, tsc, the CLI's bundle, mdbkit
// generate), each
// run only when its inputs or its outputs differ from what the last successful run left. A second
// `npm start` with nothing changed hashes the tree (well under a second) instead of compiling for half a
// minute, and says so in one line.
//
// Plain JavaScript on purpose: starting tsx costs seconds, which is what this script saves. The record of
// the last run is dist/.start-build.json (deleting dist/ forgets it); tsc compiles incrementally into
// dist/.tsbuildinfo, which is dropped whenever dist/ no longer holds what that run left, because tsc
// trusts the file and would not re-emit an output deleted behind its back. `npm run build` (CI, prepack)
// stays the plain full build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RECORD = 'dist/.start-build.json';
const BUILD_INFO = 'dist/.tsbuildinfo';
const bin = (name) => join(root, 'node_modules', '.bin', name);

const SOURCE_DIRS = ['kinds', 'cli', 'generator', 'policies', 'webhook', 'types', 'test'];
const isTypeScript = (path) => path.endsWith('.ts');
const BUNDLE = 'dist/bundle/';
/** What tsc leaves in dist/: not the bundle made from it, nor this script's records. */
const isCompiled = (path) => path !== RECORD && path !== BUILD_INFO && !path.startsWith(BUNDLE);

/** One step: the files it reads (folders with a filter), the files it makes, and how to run it. */
const STEPS = [
  {
    name: 'types',
    inputs: [
      ['schemas'],
      ['kinds', isTypeScript],
      ['generator/emit-types.ts'],
      ['generator/build-types.ts'],
      ['generator/write-files.ts'],
      ['package-lock.json'],
    ],
    outputs: [['types/generated']],
    command: [process.execPath, [bin('tsx'), 'generator/build-types.ts']],
  },
  {
    name: 'compile',
    inputs: [...SOURCE_DIRS.map((dir) => [dir, isTypeScript]), ['tsconfig.json'], ['package-lock.json']],
    outputs: [['dist', isCompiled]],
    command: [process.execPath, [bin('tsc'), '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', BUILD_INFO]],
    // An output changed behind tsc's back: its incremental record would make it skip re-emitting that file.
    onOutputsChanged: () => rmSync(join(root, BUILD_INFO), { force: true }),
  },
  {
    name: 'bundle',
    inputs: [['dist', (path) => isCompiled(path) && !path.startsWith('dist/test/')], ['scripts/bundle-cli.mjs'], ['package-lock.json']],
    outputs: [[BUNDLE]],
    command: [process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')]],
  },
  {
    name: 'generate',
    inputs: [
      ['dist', (path) => path !== RECORD && path !== BUILD_INFO && !path.startsWith('dist/test/')],
      ['schemas'],
      ['generator/charts/templates'],
      ['package.json'],
    ],
    outputs: [['charts'], ['generated'], ['types/generated'], ['docs/rules.md']],
    command: [process.execPath, [join(root, 'bin', 'mdbkit.js'), 'generate']],
  },
];

/** The project paths of the files at `path`: itself when a file, every file below it when a folder. */
function filesAt(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split(sep)
        .join('/'),
    );
}

/** A hash of the paths and bytes of the files a list names; a missing file is simply absent from it. */
function hashOf(specs) {
  const paths = new Set(specs.flatMap(([path, keep = () => true]) => filesAt(path).filter(keep)));
  const hash = createHash('sha256');
  for (const path of [...paths].sort()) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(root, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readRecord() {
  try {
    return JSON.parse(readFileSync(join(root, RECORD), 'utf8'));
  } catch {
    return {};
  }
}

function writeRecord(record) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

const previous = readRecord();
const record = {};
let ran = 0;
for (const step of STEPS) {
  const inputs = hashOf(step.inputs);
  const outputs = hashOf(step.outputs);
  const last = previous[step.name];
  if (last && last.inputs === inputs && last.outputs === outputs) {
    record[step.name] = last;
    continue;
  }
  if (last?.outputs !== outputs) step.onOutputsChanged?.();
  const reason = !last ? 'no record of a previous build' : last.inputs !== inputs ? 'its inputs changed' : 'its output changed';
  console.log(`mdbkit: ${step.name} (${reason})`);
  const [command, args] = step.command;
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    // No record for this step or the ones after it: the next start runs them again.
    writeRecord(record);
    process.exit(run.status ?? 1);
  }
  ran += 1;
  record[step.name] = { inputs: hashOf(step.inputs), outputs: hashOf(step.outputs) };
}
// Nothing ran, nothing written: the tree keeps its modification times.
if (ran === 0) console.log('mdbkit: types, dist/ and the generated files are current');
else writeRecord(record);
