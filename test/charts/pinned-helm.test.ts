// scripts/fetch-helm.ts's guarantees that need no network: a tarball whose digest is not the pinned one is
// refused and deleted, and a helm already in the cache (CI fetched it before the tests) is kept, not fetched
// again.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchPinnedHelm, PINNED_HELMS, verifyTarball, type PinnedHelm } from '../../scripts/pinned-helm.js';

describe('scripts/pinned-helm.ts', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'mdbkit-pinned-helm-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const pinnedFor = (contents: string): PinnedHelm => ({
    ...PINNED_HELMS[0]!,
    integrity: `sha512-${createHash('sha512').update(contents).digest('base64')}`,
  });

  it('keeps a tarball whose sha512 is the pinned integrity', () => {
    const file = join(work, 'ok.tgz');
    writeFileSync(file, 'the real tarball');
    verifyTarball(file, pinnedFor('the real tarball'));
    assert.ok(existsSync(file));
  });

  it('refuses and deletes a tarball whose sha512 differs, naming the package and how to check the pin', () => {
    const file = join(work, 'tampered.tgz');
    writeFileSync(file, 'a tampered tarball');
    const pinned = pinnedFor('the real tarball');
    assert.throws(
      () => verifyTarball(file, pinned),
      (error: Error) => {
        assert.match(error.message, new RegExp(`^${pinned.pkg}@${pinned.pkgVersion}: the tarball's digest sha512-\\S+ is not the pinned`));
        assert.match(error.message, /npm view .* dist\.integrity/);
        return true;
      },
    );
    assert.ok(!existsSync(file), 'the tarball is deleted');
  });

  it('pins each helm by a sha512 integrity', () => {
    for (const pinned of PINNED_HELMS) assert.match(pinned.integrity, /^sha512-[A-Za-z0-9+/]{86}==$/, pinned.version);
  });

  it('does nothing for a helm the cache already holds at its pinned version (run scripts/fetch-helm.ts first)', async function () {
    for (const pinned of PINNED_HELMS) assert.equal(await fetchPinnedHelm(pinned), 'cached', `${pinned.version}: run npx tsx scripts/fetch-helm.ts`);
  });
});
