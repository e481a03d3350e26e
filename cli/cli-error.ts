// Errors the CLI expects and answers with exit code 2 and one line on stderr (never a stack trace):
// a command line it cannot make sense of, or an input it cannot read.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A bad command line; main adds a pointer to the command's --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A path that does not exist or cannot be read. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** `ENOENT: no such file or directory, open 'x'` → `no such file or directory`: the path is already in our message. */
export function systemErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^E[A-Z]+: /, '').replace(/, [a-z]+ '.*'$/, '');
}
