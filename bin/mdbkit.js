#!/usr/bin/env node
// Launcher for the `mdbkit` command: the CLI itself is TypeScript compiled into dist/ and linked into
// dist/bundle/ by `npm run build` (scripts/bundle-cli.mjs says why).

// `mdbkit lint ... | head` closes the pipe early; that is the reader's choice, not an error to report.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let cli;
try {
  cli = await import('../dist/bundle/main.js');
} catch (error) {
  // Say what to do instead of printing a module-resolution stack trace.
  process.stderr.write(`mdbkit: cannot load the CLI (${error instanceof Error ? error.message : String(error)}); run \`npm run build\` first\n`);
  process.exit(2);
}
process.exitCode = await cli.run(process.argv.slice(2));
