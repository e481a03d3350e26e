// Preloaded into `mdbkit serve` by the memory tests (NODE_OPTIONS="--expose-gc --require <this file>"): on SIGUSR2
// it runs full garbage collections and prints one JSON log line with what is left, so that a test measures what
// the process keeps, not what it has merely not collected yet. Nothing else in the process changes.
'use strict';
let count = 0;
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  count += 1;
  process.stdout.write(`${JSON.stringify({ level: 'debug', msg: 'hardening: collected', count, heapUsed, rss })}\n`);
});
