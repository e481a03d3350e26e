// Preloaded into `mdbkit lint` (node --require <this file>) by the input-bounds tests: when the process exits it
// writes process.resourceUsage() (CPU time in microseconds, peak RSS in KiB) as JSON to the file named by
// MDBKIT_RESOURCE_USAGE_FILE, so tests bound the work done (CPU, memory), never the wall-clock time.
// Nothing else in the process changes.
'use strict';
// A preload given to `node --require` is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeFileSync } = require('node:fs');

const target = process.env.MDBKIT_RESOURCE_USAGE_FILE;
if (target) process.on('exit', () => writeFileSync(target, JSON.stringify(process.resourceUsage())));
