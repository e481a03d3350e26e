// Preloaded into `mdbkit serve` by the benchmark (node --expose-gc --require <this file>): on SIGUSR2 it runs
// full garbage collections and prints one JSON line with what is left, so that memory after warm-up and after
// the run are compared on what the process keeps, not on garbage V8 has not collected yet. Nothing else in
// the webhook changes. (The hardening tests preload their own file of the same kind.)
'use strict';
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, heapTotal, rss } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: 'bench: collected', at: Date.now(), heapUsed, heapTotal, rss })}\n`);
});
