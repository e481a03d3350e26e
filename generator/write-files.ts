// The one place generated output reaches the disk. Each file is written to a temporary name and
// renamed, so an interrupted run never leaves a half-written file behind.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from './output-file.js';

export function writeFiles(root: string, files: readonly OutputFile[]): void {
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, target);
  }
}
