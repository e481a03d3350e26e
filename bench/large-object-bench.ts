// CPU time of one admission of the largest object the API server lets through: a MaxScale with 60,000
// spec.servers (2.4 MB, under its 3 MiB request limit), on /validate (every server named alike: a denial with
// 120,000 findings, capped to 100 causes) and on /mutate (distinct servers: defaults for each, whose patch is
// then too large to send). Judged in-process, on one thread, so the CPU time is one core's; the target is an
// answer within a second of it, inside the API server's 5 s webhook timeout with room for a loaded node.
import { OFFLINE_READER } from '../policies/cluster-reader.js';
import { createPolicyEngine } from '../policies/registry.js';
import { mutate, validate } from '../webhook/admission.js';
import { LARGE_SERVERS, largeMaxScaleReview } from '../test/support/large-maxscale-review.js';

export { LARGE_SERVERS };

export interface LargeObjectFigures {
  route: 'mutate' | 'validate';
  /** Best CPU milliseconds of the runs (user + system of this process). */
  cpuMs: number;
  allCpuMs: number[];
  /** Bytes of the AdmissionReview answer as JSON. */
  answerBytes: number;
  result: string;
}

export interface LargeObjectResults {
  servers: number;
  requestBytes: Record<'mutate' | 'validate', number>;
  figures: LargeObjectFigures[];
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

export async function runLargeObjectBench(options: { runs?: number } = {}): Promise<LargeObjectResults> {
  const runs = options.runs ?? 3;
  const engine = createPolicyEngine();
  await engine.schemas.loadAll();
  const deps = { engine, reader: OFFLINE_READER, clusterDomain: 'cluster.local', servedGroups: ['enterprise.mariadb.com', 'k8s.mariadb.com'] };
  const bodies = { validate: JSON.stringify(largeMaxScaleReview({ same: true })), mutate: JSON.stringify(largeMaxScaleReview({ same: false })) };
  const figures: LargeObjectFigures[] = [];
  for (const route of ['validate', 'mutate'] as const) {
    const all: number[] = [];
    let answerBytes = 0;
    let result = '';
    for (let run = 0; run < runs; run++) {
      // The body is parsed as the server parses it; the parse counts, as it does for the webhook.
      const start = process.cpuUsage();
      const outcome = await (route === 'validate' ? validate : mutate)(JSON.parse(bodies[route]), deps);
      all.push(cpuMsSince(start));
      answerBytes = Buffer.byteLength(JSON.stringify(outcome.review));
      result = outcome.result;
    }
    figures.push({ route, cpuMs: Math.min(...all), allCpuMs: all, answerBytes, result });
  }
  return { servers: LARGE_SERVERS, requestBytes: { validate: bodies.validate.length, mutate: bodies.mutate.length }, figures };
}
