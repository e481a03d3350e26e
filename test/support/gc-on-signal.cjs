// Preloaded into `mdbkit serve` (node --expose-gc --require <this file>) by the memory tests and by the
// benchmark: on SIGUSR2 it runs full garbage collections and prints one JSON log line with what is left, so
// that memory is compared on what the process keeps, not on garbage V8 has not collected yet. Nothing else
// in the process changes.
'use strict';
let count = 0;
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, heapTotal, rss } = process.memoryUsage();
  count += 1;
  process.stdout.write(`${JSON.stringify({ level: 'debug', msg: 'gc-on-signal: collected', count, at: Date.now(), heapUsed, heapTotal, rss })}\n`);
});
