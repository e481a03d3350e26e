// `mdbkit serve`: runs the admission webhook until SIGTERM or SIGINT, then drains and exits 0. Settings come
// from flags or environment variables (webhook/serve-options.ts); --dev makes a local CA and certificate
// under .mdbkit-dev/ and prints how to try it.
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../generator/project-paths.js';
import { connectCluster, type ClusterConnection } from '../../webhook/cluster-connection.js';
import { ensureDevCertificate } from '../../webhook/dev-certificate.js';
import { listenForTermination } from '../../webhook/graceful-shutdown.js';
import { createLogger } from '../../webhook/request-log.js';
import { ServeOptionError, resolveServeOptions, type ServeOptions } from '../../webhook/serve-options.js';
import { startWebhookServer, type WebhookServer } from '../../webhook/server.js';
import { InputError, UsageError } from '../cli-error.js';
import type { CliIO, Command } from '../command.js';

export const DEV_DIR = '.mdbkit-dev';
export const DEV_FIXTURE = 'test/fixtures/admission-v1.26/003-mutate-CREATE-maxscales-maxscale-galera.request.json';

const HELP = `Usage: mdbkit serve [options]

Runs the admission webhook over HTTPS: POST /mutate defaults MariaDB, MaxScale and Connection objects with a
JSON Patch, POST /validate denies unsafe ones; GET /healthz, /readyz (ready once the cluster cache has
synced) and /metrics (Prometheus). Logs one JSON line per request on standard output. On SIGTERM, readiness
fails, requests keep being answered for --shutdown-delay, then requests in flight finish and it exits 0.

Each option falls back to the environment variable named beside it.

Options:
  --port <port>                 port to listen on (MDBKIT_PORT; default 8443; 0 picks a free one)
  --address <ip>                address to listen on (MDBKIT_ADDRESS; default every interface, 127.0.0.1
                                with --dev)
  --tls-cert-file <file>        PEM certificate (chain) to serve (MDBKIT_TLS_CERT_FILE); reloaded when it
                                changes
  --tls-key-file <file>         its PEM private key (MDBKIT_TLS_KEY_FILE)
  --tls-min-version <version>   lowest TLS version accepted: 1.2 (default) or 1.3 (MDBKIT_TLS_MIN_VERSION)
  --kubeconfig <file>           kubeconfig for cluster lookups (KUBECONFIG); without one, the pod's service
                                account in a cluster, else ~/.kube/config, else lookups are off
  --offline                     no cluster lookups: a MaxScale's MariaDB counts as unknown, not missing
  --watch-namespaces <list>     comma-separated namespaces to watch (MDBKIT_WATCH_NAMESPACES; default all)
  --cluster-domain <domain>     the cluster's DNS domain (MDBKIT_CLUSTER_DOMAIN; default cluster.local)
  --served-groups <list>        comma-separated API groups to judge (MDBKIT_SERVED_GROUPS; default
                                enterprise.mariadb.com,k8s.mariadb.com); other groups are allowed untouched
  --log-level <level>           debug, info (default), warn or error (MDBKIT_LOG_LEVEL)
  --shutdown-delay <duration>   after SIGTERM, how long to keep serving while readiness fails
                                (MDBKIT_SHUTDOWN_DELAY; default 5s, 0 with --dev; SIGINT skips it)
  --shutdown-timeout <duration> then, how long requests in flight may take (MDBKIT_SHUTDOWN_TIMEOUT;
                                default 20s)
  --dev                         local development: make or reuse a CA and a localhost certificate in
                                ${DEV_DIR}/, listen on 127.0.0.1 and print a curl command to try
  -h, --help                    show this help

Exit codes: 0 after a clean shutdown, 2 for a bad option, unreadable TLS files or a port in use.
`;

function options(): Command['options'] {
  const text = { type: 'string' } as const;
  return {
    port: text,
    address: text,
    'tls-cert-file': text,
    'tls-key-file': text,
    'tls-min-version': text,
    kubeconfig: text,
    offline: { type: 'boolean' },
    'watch-namespaces': text,
    'cluster-domain': text,
    'served-groups': text,
    'log-level': text,
    'shutdown-delay': text,
    'shutdown-timeout': text,
    dev: { type: 'boolean' },
  };
}

function devBanner(server: WebhookServer, caFile: string, cluster: ClusterConnection, cwd: string): string {
  const ca = relative(cwd, caFile) || caFile;
  const fixture = relative(cwd, join(PROJECT_ROOT, DEV_FIXTURE));
  const url = `https://127.0.0.1:${server.port}`;
  return `
mdbkit webhook (development) on ${url}
  CA certificate: ${caFile}
  cluster lookups: ${cluster.description}
  try it (posts a captured MaxScale CREATE; the answer's patch is base64 JSON Patch):
    node -e "process.stdout.write(JSON.stringify(require('./${fixture}').body))" \\
      | curl -sS --cacert ${ca} -H 'Content-Type: application/json' --data-binary @- ${url}/mutate
  Ctrl-C stops it.

`;
}

async function serve(options: ServeOptions, io: CliIO): Promise<number> {
  const logger = createLogger(options.logLevel, (line) => io.stdout.write(line));
  let tls = options.tls;
  let caFile: string | undefined;
  if (!tls) {
    const { files, created } = ensureDevCertificate(join(io.cwd, DEV_DIR));
    tls = { certFile: files.certFile, keyFile: files.keyFile };
    caFile = files.caFile;
    logger.info(created ? 'development certificate created' : 'development certificate reused', { caFile: files.caFile, certFile: files.certFile });
  }

  const engine = await io.loadEngine();
  const known = [...new Set(engine.schemas.schemas.kinds.flatMap((k) => k.groups))].sort();
  const unknown = options.servedGroups.filter((g) => !known.includes(g));
  if (unknown.length > 0) throw new UsageError(`--served-groups (or MDBKIT_SERVED_GROUPS): mdbkit has no kinds in ${unknown.join(', ')}; it serves ${known.join(', ')}`, 'serve');
  // Compiled now rather than on the first request, which the API server would otherwise wait for.
  const compileStart = performance.now();
  engine.schemas.compileAll();
  logger.debug('schemas compiled', { durationMs: Math.round(performance.now() - compileStart) });

  let cluster: ClusterConnection;
  try {
    cluster = await connectCluster(options.cluster, { servedGroups: options.servedGroups, watchNamespaces: options.watchNamespaces, logger });
  } catch (error) {
    throw new InputError(`cannot use the cluster configuration: ${(error as Error).message}`);
  }

  const signals = listenForTermination();
  let server: WebhookServer;
  try {
    server = await startWebhookServer({
      port: options.port,
      ...(options.address ? { address: options.address } : {}),
      tls,
      tlsMinVersion: options.tlsMinVersion,
      admission: { engine, reader: cluster.reader, clusterDomain: options.clusterDomain, servedGroups: options.servedGroups },
      clusterReady: cluster.ready,
      logger,
    });
  } catch (error) {
    signals.dispose();
    await cluster.close();
    throw new InputError((error as Error).message);
  }
  logger.info('listening', {
    url: server.url,
    port: server.port,
    tlsMinVersion: options.tlsMinVersion,
    cluster: cluster.description,
    servedGroups: options.servedGroups,
    watchNamespaces: options.watchNamespaces.length > 0 ? options.watchNamespaces : ['(all)'],
    clusterDomain: options.clusterDomain,
  });
  if (caFile) io.stderr.write(devBanner(server, caFile, cluster, io.cwd));

  const signal = await signals.received;
  logger.info('signal received', { signal });
  // Ctrl-C is a person at a terminal, not an endpoint controller to wait for.
  const { forced } = await server.shutdown({ delayMs: signal === 'SIGINT' ? 0 : options.shutdownDelayMs, timeoutMs: options.shutdownTimeoutMs, hurry: signals.hurry });
  await cluster.close();
  signals.dispose();
  // Everything is closed now, so node exits by itself once this returns (a test holds us to that).
  logger.info('stopped', { forced });
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the admission webhook (HTTPS: /mutate, /validate, /healthz, /readyz, /metrics)',
  help: HELP,
  options: options(),
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'serve');
    let resolved: ServeOptions;
    try {
      resolved = resolveServeOptions(values, io.env, io.cwd);
    } catch (error) {
      if (error instanceof ServeOptionError) throw new UsageError(error.message, 'serve');
      throw error;
    }
    return serve(resolved, io);
  },
};
