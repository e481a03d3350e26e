// The webhook's own view of its memory, read from its /metrics (prom-client's default metrics): V8's heap,
// old space (where a leak would accumulate) and memory outside the heap, plus the time spent in garbage
// collection. RSS says how much the container must be given; these say which part of it grows. /metrics is
// plain HTTP on the webhook's metrics port (--metrics-port).
import { request } from 'node:http';

export interface HeapFigures {
  heapUsedMiB: number;
  heapTotalMiB: number;
  oldSpaceUsedMiB: number;
  externalMiB: number;
  /** Total time in garbage collection since the start, all kinds. */
  gcSeconds: number;
}

const MIB = 1024 * 1024;

function get(metricsUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(metricsUrl, { timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`GET /metrics: HTTP ${res.statusCode}`))));
    });
    req.once('timeout', () => req.destroy(new Error('GET /metrics: no answer in 10 s')));
    req.once('error', reject);
    req.end();
  });
}

/** Sum of the samples of `name` whose labels contain `labels` (Prometheus text format). */
function sample(text: string, name: string, labels = ''): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labels && !rest.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    found = true;
  }
  return found ? sum : NaN;
}

/** `metricsUrl`: `http://127.0.0.1:<metrics port>/metrics`. */
export async function readHeapFigures(metricsUrl: string): Promise<HeapFigures | undefined> {
  try {
    const text = await get(metricsUrl);
    return {
      heapUsedMiB: sample(text, 'nodejs_heap_size_used_bytes') / MIB,
      heapTotalMiB: sample(text, 'nodejs_heap_size_total_bytes') / MIB,
      oldSpaceUsedMiB: sample(text, 'nodejs_heap_space_size_used_bytes', 'space="old"') / MIB,
      externalMiB: sample(text, 'nodejs_external_memory_bytes') / MIB,
      gcSeconds: sample(text, 'nodejs_gc_duration_seconds_sum'),
    };
  } catch {
    return undefined;
  }
}
