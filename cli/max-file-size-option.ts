// `--max-file-size`, as lint and default take it: how many bytes of one file (or of standard input) mdbkit
// reads before it gives up on it with a finding. Without a bound a 50 MiB file took minutes and gigabytes
// (parsing YAML costs ~30 times the text in memory) and said nothing until it was done or killed.
import { UsageError } from './cli-error.js';

/**
 * 16 MiB: the API server takes at most 3 MiB per object (etcd holds 1.5 MiB), so this is a bundle of many
 * objects (a `kustomize build` or `helm template` of a large release fits several times over), while keeping
 * one run's memory in the hundreds of megabytes on a CI runner.
 */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

export const MAX_FILE_SIZE_OPTION = { 'max-file-size': { type: 'string' } } as const;

export const MAX_FILE_SIZE_HELP = `      --max-file-size <size>
                            read at most this much of one file or of standard input; a larger one is
                            one error finding, not read (default: 16MiB; units B, KiB, MiB, GiB, KB,
                            MB, GB)`;

const UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/** `64MiB` → 67108864; undefined → the default; anything else is a usage error naming the option. */
export function parseMaxFileSize(given: string | undefined, command: string): number {
  if (given === undefined) return DEFAULT_MAX_FILE_SIZE;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(given);
  const unit = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new UsageError(`--max-file-size "${given}" is not a size: give a number with a unit, e.g. 64MiB`, command);
  }
  return bytes;
}

/** 52428800 → `50 MiB`; a size as a person reads it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** The option value that would let a file of `bytes` through: the next power of two in MiB, e.g. `64MiB`. */
export function suggestedLimit(bytes: number): string {
  let mib = 1;
  while (mib * 1024 * 1024 < bytes) mib *= 2;
  return `${mib}MiB`;
}
