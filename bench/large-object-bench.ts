// CPU time of one admission of the largest object the API server lets through: a MaxScale with 60,000
// spec.servers (2.4 MB, under its 3 MiB request limit), on /validate (every server named alike: a denial with
// 120,000 findings, capped to 100 causes) and on /mutate (distinct servers: defaults for each, whose patch is
// then too large to send). Judged in-process, on one thread, so the CPU time is one core's; the target is an
// answer within a second of it, inside the API server's 5 s webhook timeout with room for a loaded node.
import { OFFLINE_READER } from '../policies/cluster-reader.js';
import { createPolicyEngine } from '../policies/registry.js';
import { mutate, validate } from '../webhook/admission.js';

export const LARGE_SERVERS = 60_000;

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

function review(same: boolean): unknown {
  const servers = Array.from({ length: LARGE_SERVERS }, (_, i) =>
    same ? { name: 'mariadb-0', address: '10.0.0.1' } : { name: `mariadb-${i}`, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  );
  const auth: Record<string, unknown> = {};
  for (const user of ['client', 'server', 'monitor']) {
    auth[`${user}Username`] = `maxscale-${user}`;
    auth[`${user}PasswordSecretKeyRef`] = { name: 'maxscale', key: 'password' };
  }
  const object = {
    apiVersion: 'enterprise.mariadb.com/v1alpha1',
    kind: 'MaxScale',
    metadata: { name: 'maxscale-large', namespace: 'default' },
    spec: { servers, monitor: { module: 'galeramon' }, auth },
  };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
      kind: { group: 'enterprise.mariadb.com', version: 'v1alpha1', kind: 'MaxScale' },
      resource: { group: 'enterprise.mariadb.com', version: 'v1alpha1', resource: 'maxscales' },
      name: 'maxscale-large',
      namespace: 'default',
      operation: 'CREATE',
      object,
      oldObject: null,
    },
  };
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

export async function runLargeObjectBench(options: { runs?: number } = {}): Promise<LargeObjectResults> {
  const runs = options.runs ?? 3;
  const engine = createPolicyEngine();
  engine.schemas.compileAll();
  const deps = { engine, reader: OFFLINE_READER, clusterDomain: 'cluster.local', servedGroups: ['enterprise.mariadb.com', 'k8s.mariadb.com'] };
  const bodies = { validate: JSON.stringify(review(true)), mutate: JSON.stringify(review(false)) };
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
