// The webhook's log lines leave in one write per turn of the event loop instead of one write each. Node
// writes standard output to a file or a pipe synchronously on Linux, so under load a write(2) per
// admission was a visible share of the webhook's CPU (the profile in BENCHMARKS.md); the answers finished
// in one turn now share one. Lines still leave within that turn, in order, and a full buffer or flush()
// (the end of `mdbkit serve`, process exit) writes at once: nothing is held back for long or lost on a
// clean stop.

export interface BatchedWriter {
  write: (line: string) => void;
  /** Writes whatever is buffered now. */
  flush: () => void;
}

/** Past this many buffered characters a line is written at once rather than at the end of the turn. */
const MAX_BUFFERED = 64 * 1024;

export function batchedWriter(write: (chunk: string) => void): BatchedWriter {
  let buffered: string[] = [];
  let size = 0;
  let scheduled = false;

  const flush = () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    write(chunk);
  };

  return {
    write(line: string) {
      buffered.push(line);
      size += line.length;
      if (size >= MAX_BUFFERED) return flush();
      if (scheduled) return;
      scheduled = true;
      // setImmediate runs after the turn's I/O callbacks: every answer of this turn is in the batch.
      setImmediate(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
  };
}
