// The input half that `lint` and `default` share: PATH arguments (or piped standard input) to the files' texts
// (or why a file has none), with a note on stderr for a folder that holds no manifests. Each command then
// parses them its own way: `default` keeps every tree to print it, `lint` streams the documents.
import type { CliIO } from './command.js';
import { UsageError } from './cli-error.js';
import { DEFAULT_STDIN_NAME, STDIN_PATH, expandPaths, readSources, type SourceText } from './read-manifests.js';
import { formatNoteLine } from './reporters/text.js';

/** Files left out of a run: by a config file's `exclude` (by = its name) or by --exclude. */
export interface Exclusion {
  by: string;
  excluded(absolutePath: string): boolean;
}

export async function readManifestTexts(
  command: string,
  positionals: readonly string[],
  stdinName: string | undefined,
  io: CliIO,
  color: boolean,
  exclusions: readonly Exclusion[] = [],
  maxFileSize?: number,
): Promise<SourceText[]> {
  let paths = positionals;
  if (paths.length === 0) {
    // Piped input needs no `-`; at an interactive terminal, waiting for typed YAML would look like a hang.
    if (io.stdin.isTTY) throw new UsageError('no input: name files or folders with -f PATH, or -f - to read standard input', command);
    paths = [STDIN_PATH];
  }
  const sources = expandPaths(paths, {
    cwd: io.cwd,
    stdinName: stdinName ?? DEFAULT_STDIN_NAME,
    onEmptyFolder: (folder) => io.stderr.write(`${formatNoteLine(folder, 'no *.yaml, *.yml or *.json files in this folder', color)}\n`),
    ...(exclusions.length > 0
      ? {
          excluded: (path: string) => exclusions.some((e) => e.excluded(path)),
          onExcludedFile: (file: string, path: string) => {
            const by = exclusions.find((e) => e.excluded(path))?.by ?? 'exclude';
            io.stderr.write(`${formatNoteLine(file, `not checked: excluded by ${by}`, color)}\n`);
          },
        }
      : {}),
  });
  return readSources(sources, io.stdin, maxFileSize);
}
