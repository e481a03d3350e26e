// Waiting in a test for something another process or an event loop turn will bring. The wait is bounded by a
// number of checks, never by a clock deadline: on a busy machine each check takes longer and the wait
// stretches with it, instead of failing a correct program for being slow.

export interface EventuallyOptions {
  /** How many times the probe runs before the wait gives up. */
  checks?: number;
  /** The pause between two checks. */
  intervalMs?: number;
}

/**
 * Runs `probe` until it gives a value other than undefined or false, and returns that value; a probe that
 * throws counts as "not yet". Fails naming `what` once `checks` probes have said no.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { checks = 400, intervalMs = 25 }: EventuallyOptions = {},
): Promise<T> {
  let lastError: unknown;
  for (let check = 0; check < checks; check++) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError instanceof Error ? ` (the last check threw: ${lastError.message})` : '';
  throw new Error(`waited for ${what}: not after ${checks} checks ${intervalMs} ms apart${cause}`);
}
