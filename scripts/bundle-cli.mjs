// The last step of `npm run build`: links the CLI that tsc compiled into dist/ into a few ES modules in
// dist/bundle/, which bin/mdbkit.js loads. Every `mdbkit lint` in a pre-commit hook or CI step starts a process
// that used to load about 200 of mdbkit's own modules one by one; resolving, reading and linking them cost
// about a third of a one-file lint's CPU (BENCHMARKS.md). esbuild only links here: tsc stays the compiler,
// npm packages stay imports (node_modules is not copied in), and the commands loaded on demand (serve's
// server, generate's emitters) stay chunks of their own, loaded only when run.
//
// Plain JavaScript on purpose, like start-build.mjs: it runs after tsc, without tsx.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

export async function bundleCli() {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'dist/cli/main.js' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    // The code keeps tsc's output as it is: names, comments aside, line structure. A stack trace from a
    // user's report still reads.
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await bundleCli();
  } catch (error) {
    // esbuild has printed what went wrong, with file:line:column.
    process.stderr.write(`bundle-cli: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exit(1);
  }
}
