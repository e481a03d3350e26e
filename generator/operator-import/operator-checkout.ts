// Reads the mariadb-operator's files at a release tag straight from a git repository (a clone or a bare
// mirror), so an import never depends on what happens to be checked out.
import { execFileSync } from 'node:child_process';

export class OperatorCheckout {
  constructor(readonly dir: string) {}

  private git(args: string[]): string {
    try {
      return execFileSync('git', ['-C', this.dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const raw = (err as { stderr?: unknown }).stderr;
      const stderr = (typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '').trim();
      throw new Error(`git ${args.join(' ')} in ${this.dir} failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
    }
  }

  /** The commit a tag names. */
  commitOf(tag: string): string {
    return this.git(['rev-list', '-n', '1', `${tag}^{commit}`]).trim();
  }

  /** Every file below `dir` at the tag, as repository paths. */
  filesBelow(tag: string, dir: string): string[] {
    const out = this.git(['ls-tree', '-r', '--name-only', tag, '--', dir]).trim();
    return out === '' ? [] : out.split('\n').sort();
  }

  read(tag: string, path: string): string {
    return this.git(['show', `${tag}:${path}`]);
  }
}
