// `mdbkit serve`: runs the admission webhook until SIGTERM or SIGINT, then drains and exits 0. Settings come
// from flags or environment variables (webhook/serve-options.ts); --dev makes a local CA and certificate
// under .mdbkit-dev/ and prints how to try it.
import { ServeOptionError, resolveServeOptions, type ServeOptions } from '../../webhook/serve-options.js';
import { LOG_LEVELS } from '../../webhook/request-log.js';
import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';
import { operatorVersionWords } from '../operator-version-option.js';
import { DEV_DIR } from './serve-dev.js';

const HELP = `Usage: mdbkit serve [options]

Runs the admission webhook over HTTPS: POST /mutate defaults MariaDB, MaxScale and Connection objects with a
JSON Patch, POST /validate denies unsafe ones; GET /healthz, /readyz (ready once the cluster cache has
synced; its body says so when offline), and GET /metrics (Prometheus) over HTTP on its own port. Logs
one JSON line per request on standard output. On SIGTERM, readiness fails, requests keep being answered
for --shutdown-delay, then requests in flight finish and it exits 0.

Each option falls back to the environment variable named beside it.

Options:
  --port <port>                 port to listen on (MDBKIT_PORT; default 8443; 0 picks a free one)
  --metrics-port <port>         port for GET /metrics over plain HTTP, on the same address
                                (MDBKIT_METRICS_PORT; default 9090; 0 turns metrics off)
  --address <ip>                address to listen on (MDBKIT_ADDRESS; default every interface, 127.0.0.1
                                with --dev)
  --tls-cert-file <file>        PEM certificate (chain) to serve (MDBKIT_TLS_CERT_FILE); reloaded when it
                                changes
  --tls-key-file <file>         its PEM private key (MDBKIT_TLS_KEY_FILE)
  --tls-min-version <version>   lowest TLS version accepted: 1.2 (default) or 1.3 (MDBKIT_TLS_MIN_VERSION)
  --kubeconfig <file>           kubeconfig for cluster lookups (KUBECONFIG); without one, the pod's service
                                account in a cluster, else ~/.kube/config, else serve refuses to start
  --offline                     no cluster lookups (MDBKIT_OFFLINE=true): a MaxScale's MariaDB counts as
                                unknown, not missing; required when there is no cluster to read
  --watch-namespaces <list>     comma-separated namespaces to watch (MDBKIT_WATCH_NAMESPACES; default all)
  --cluster-domain <domain>     the cluster's DNS domain (MDBKIT_CLUSTER_DOMAIN; default cluster.local)
  --served-groups <list>        comma-separated API groups to judge (MDBKIT_SERVED_GROUPS; default
                                enterprise.mariadb.com,k8s.mariadb.com); other groups are allowed untouched
  --disable-rules <list>        comma-separated rule ids, or areas such as maxscale/*, not to run
                                (MDBKIT_DISABLE_RULES; \`mdbkit rules\` lists them); objects cannot
                                skip rules themselves here: their mdbkit.dev/skip-rules annotation is for
                                mdbkit lint only
  --operator-version <list>     the mariadb-operator version the operators' kinds are judged at, per group:
                                26.6, or k8s.mariadb.com=25.10,enterprise.mariadb.com=25.10
                                (MDBKIT_OPERATOR_VERSIONS; default each group's newest supported)
  --log-level <level>           debug, info (default), warn or error (MDBKIT_LOG_LEVEL)
  --shutdown-delay <duration>   after SIGTERM, how long to keep serving while readiness fails
                                (MDBKIT_SHUTDOWN_DELAY; default 5s, 0 with --dev; SIGINT skips it)
  --shutdown-timeout <duration> then, how long requests in flight may take (MDBKIT_SHUTDOWN_TIMEOUT;
                                default 20s)
  --dev                         local development: make or reuse a CA and a localhost certificate in
                                ${DEV_DIR}/, listen on 127.0.0.1 and print a curl command to try
  -h, --help                    show this help

Exit codes: 0 after a clean shutdown, 2 for a bad option, no cluster access without --offline, unreadable
TLS files or a port in use.
`;

function options(): Command['options'] {
  const text = { type: 'string' } as const;
  return {
    port: text,
    'metrics-port': text,
    address: text,
    'tls-cert-file': text,
    'tls-key-file': text,
    'tls-min-version': text,
    kubeconfig: text,
    offline: { type: 'boolean' },
    'watch-namespaces': text,
    'cluster-domain': text,
    'served-groups': text,
    'disable-rules': text,
    'operator-version': text,
    'log-level': text,
    'shutdown-delay': text,
    'shutdown-timeout': text,
    dev: { type: 'boolean' },
  };
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the admission webhook (HTTPS: /mutate, /validate, /healthz, /readyz; HTTP: /metrics)',
  help: HELP,
  options: options(),
  completions: {
    'tls-cert-file': 'path',
    'tls-key-file': 'path',
    'tls-min-version': ['1.2', '1.3'],
    kubeconfig: 'path',
    'log-level': LOG_LEVELS,
    'operator-version': operatorVersionWords,
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'serve');
    let resolved: ServeOptions;
    try {
      // serve has no repeatable option, so no value is a list.
      resolved = resolveServeOptions(values as Record<string, string | boolean | undefined>, io.env, io.cwd);
    } catch (error) {
      if (error instanceof ServeOptionError) throw new UsageError(error.message, 'serve');
      throw error;
    }
    // The server's modules load only now (serve-run.ts says why).
    const { serve } = await import('./serve-run.js');
    return serve(resolved, io);
  },
};
