// Asks a real shell what it offers for a command line, given the script `mdbkit completion <shell>` printed:
// bash runs the completion function the way readline would call it, zsh is driven on a pseudo-terminal with a
// Tab (zsh-complete.zsh), fish answers `complete -C`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const ZSH_DRIVER = fileURLToPath(new URL('./zsh-complete.zsh', import.meta.url));

/** Only a guard against a shell that hangs; a completion takes well under a second. */
const HANG_GUARD_MS = 120_000;

export function hasShell(shell: Shell): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/**
 * The words `shell` offers for `line` (the cursor at its end) in `dir`, where `script` is saved first. The
 * shell's HOME is `dir` too, so zsh's compinit writes its cache there and no user file is read.
 */
export function completeIn(shell: Shell, script: string, line: string, dir: string): string[] {
  const file = join(dir, `mdbkit.${shell}`);
  writeFileSync(file, script);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'dumb', LANG: 'C.UTF-8' };
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: HANG_GUARD_MS });
    if (result.status !== 0) throw new Error(`${shell} completing "${line}" exited ${result.status ?? result.signal}: ${result.stderr}`);
    return result.stdout;
  };
  let out: string;
  if (shell === 'bash') {
    // What readline hands the function: the words so far, the last one the word being completed.
    const words = line.split(' ');
    const call = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _mdbkit; printf '%s\\n' "\${COMPREPLY[@]}"`;
    out = run('bash', ['--norc', '--noprofile', '-c', call]);
  } else if (shell === 'zsh') {
    out = run('zsh', ['-f', ZSH_DRIVER, file, line]);
  } else {
    // fish prints "word<TAB>description".
    out = run('fish', ['--no-config', '-c', `source ${JSON.stringify(file)}; complete -C ${JSON.stringify(line)}`]).replace(/\t.*$/gm, '');
  }
  return out.split('\n').filter((word) => word !== '');
}
