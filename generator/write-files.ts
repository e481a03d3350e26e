// The one place generated output reaches the disk. Each file is written to a temporary name and
// renamed, so an interrupted run never leaves a half-written file behind. A file whose bytes are already
// on disk is left alone: its modification time stays, so tsc, editors and file watchers see no change.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from './output-file.js';

/** Writes the files that differ from what is on disk below `root`; returns how many it wrote. */
export function writeFiles(root: string, files: readonly OutputFile[]): number {
  let written = 0;
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const target = join(root, file.path);
    if (existsSync(target) && readFileSync(target).equals(Buffer.from(file.contents))) continue;
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, target);
    written += 1;
  }
  return written;
}
