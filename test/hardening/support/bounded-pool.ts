// Runs many asynchronous jobs with at most `concurrency` in flight, as an API server with a bounded number of
// connections would send them. Every job runs; an error ends the pool only after the jobs already started finish.

/** Calls `job(i)` for i in [0, count), `concurrency` at a time; resolves once all are done. */
export async function runPool(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const index = next++;
      try {
        await job(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure) throw failure.error;
}
