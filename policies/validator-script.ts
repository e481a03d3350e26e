// Loads a validator `mdbkit generate` compiled (generated/validators/, CommonJS text) and keeps V8's compiled code
// of it in the user's cache, so that the next run does not compile it again.
//
// Why: ajv's code for the operators' MariaDB is one 2.6 MB function, and V8 compiles a function in full the first
// time it runs: 150-200 ms of a one-file lint went to compiling each large kind's check anew, every run (BENCHMARKS.md).
// V8 can hand out the code it compiled for a script (vm.Script#createCachedData) and take it back on the next run,
// after checking that it was made by the same V8 with the same flags for a source of the same length
// (https://v8.dev/blog/code-caching-for-devs). The cache file is named by the sha256 of the source, so a validator
// regenerated with other text never meets the code of the old one. Node 22 does the same for every module
// (module.enableCompileCache); Node 20, which mdbkit supports, has no such switch for ES modules.
//
// Where: $MDBKIT_CACHE_DIR, else $XDG_CACHE_HOME/mdbkit, else ~/.cache/mdbkit; MDBKIT_CACHE_DIR= (empty) turns it
// off. Nothing here may fail a run: a cache that cannot be read or written is a cache not used.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The folder of this node's cached code, or undefined when caching is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.MDBKIT_CACHE_DIR;
  if (chosen === '') return undefined;
  const root = chosen ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mdbkit');
  // V8 refuses code of another version anyway; a folder per version keeps one node's files from evicting another's.
  return join(root, `v8-${process.versions.v8}-${process.arch}`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Whole or not at all: another run may read it at any moment.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    // A read-only home (a container), a full disk: the next run compiles, as this one did.
    return false;
  }
}

export interface LoadedScript {
  /** What the file exports (`module.exports = validate`). */
  exports: unknown;
  /** Whether V8's code came from the cache, was written to it for the next run, or neither (off, or unwritable). */
  cache: 'used' | 'written' | 'none';
}

/**
 * A validator file run in this process's context as node runs a CommonJS module. `cacheDir` undefined: no cache.
 */
export function loadValidatorScript(path: string, cacheDir: string | undefined = codeCacheDir()): LoadedScript {
  const source = readFileSync(path, 'utf8');
  const cacheFile = cacheDir && join(cacheDir, `${createHash('sha256').update(source).digest('hex')}.v8`);
  const cachedData = readCache(cacheFile);
  // On one line with the source, so that line numbers in a stack trace are the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module: { exports: unknown } = { exports: {} };
  const exports = module.exports as object;
  wrapper.call(exports, exports, createRequire(path), module, path, dirname(path));
  const validate = module.exports;
  if (cachedData && !script.cachedDataRejected) return { exports: validate, cache: 'used' };
  if (!cacheFile || typeof validate !== 'function') return { exports: validate, cache: 'none' };
  // V8 compiles the validator's body on its first call, so the code worth keeping exists only after one: a call on an
  // empty object, whose errors are then put back as they were (the next call sets its own).
  const holder = validate as { (data: unknown): unknown; errors?: unknown };
  const before = Object.getOwnPropertyDescriptor(holder, 'errors');
  try {
    holder({});
  } catch {
    // Compiled or not, the validator is what it is; the cache is only the lesser for it.
  }
  if (before) Object.defineProperty(holder, 'errors', before);
  else delete holder.errors;
  return { exports: validate, cache: writeCache(cacheFile, script.createCachedData()) ? 'written' : 'none' };
}
