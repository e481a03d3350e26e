// What `mdbkit serve` runs once its options are resolved: the certificate, the policy engine, the cluster
// connection and the HTTPS server, until a signal. In its own module, which serve.ts imports only when the
// command runs: express, @kubernetes/client-node and node-forge take most of a second to load, which every
// other command (lint in CI, --version) would otherwise pay too.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { engineAtOperatorVersions } from '../operator-version-option.js';
import { apiGroupsOf } from '../../kinds/kind-definition.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { ruleCatalog } from '../../policies/rule-catalog.js';
import { checkRuleNames, ruleSettings, UnknownRuleError } from '../../policies/rule-settings.js';
import { batchedWriter } from '../../webhook/batched-writer.js';
import { connectCluster, type ClusterConnection } from '../../webhook/cluster-connection.js';
import { listenForTermination } from '../../webhook/graceful-shutdown.js';
import { createLogger, type Logger } from '../../webhook/request-log.js';
import type { ServeOptions } from '../../webhook/serve-options.js';
import { startWebhookServer, type WebhookServer } from '../../webhook/server.js';
import { InputError, UsageError } from '../cli-error.js';
import type { CliIO } from '../command.js';
import { DEV_DIR, DEV_FIXTURE } from './serve-dev.js';

function devBanner(server: WebhookServer, caFile: string, cluster: ClusterConnection, cwd: string): string {
  const ca = relative(cwd, caFile) || caFile;
  const fixtureFile = join(PROJECT_ROOT, DEV_FIXTURE);
  const fixture = relative(cwd, fixtureFile);
  const url = `https://127.0.0.1:${server.port}`;
  // The captured request is a test fixture: an installed package (npm, the image) does not ship it.
  const tryIt = existsSync(fixtureFile)
    ? `  try it (posts a captured MaxScale CREATE; the answer's patch is base64 JSON Patch):
    node -e "process.stdout.write(JSON.stringify(require('./${fixture}').body))" \\
      | curl -sS --cacert ${ca} -H 'Content-Type: application/json' --data-binary @- ${url}/mutate
`
    : '';
  return `
mdbkit webhook (development) on ${url}
  CA certificate: ${caFile}
  metrics: ${server.metricsUrl ?? 'off'}
  cluster lookups: ${cluster.description}
${tryIt}  Ctrl-C stops it.

`;
}

export async function serve(options: ServeOptions, io: CliIO): Promise<number> {
  const out = batchedWriter((chunk) => io.stdout.write(chunk));
  // An exit that does not come through the end of serving (an uncaught error) still writes the last lines.
  const flushAtExit = () => out.flush();
  process.once('exit', flushAtExit);
  try {
    return await serveWith(createLogger(options.logLevel, out.write), options, io, out.flush);
  } finally {
    out.flush();
    process.off('exit', flushAtExit);
  }
}

async function serveWith(logger: Logger, options: ServeOptions, io: CliIO, flushLog: () => void): Promise<number> {
  let tls = options.tls;
  let caFile: string | undefined;
  if (!tls) {
    // Imported here: node-forge, which makes the development certificates, is of no use with real TLS files.
    const { ensureDevCertificate } = await import('../../webhook/dev-certificate.js');
    const { files, created } = ensureDevCertificate(join(io.cwd, DEV_DIR));
    tls = { certFile: files.certFile, keyFile: files.keyFile };
    caFile = files.caFile;
    logger.info(created ? 'development certificate created' : 'development certificate reused', { caFile: files.caFile, certFile: files.certFile });
  }

  const baseEngine = engineAtOperatorVersions(await io.loadEngine(), options.operatorVersions, 'serve');
  let engine = baseEngine;
  if (options.disabledRules.length > 0) {
    try {
      checkRuleNames(
        options.disabledRules,
        ruleCatalog(baseEngine.allPolicies()).map((r) => r.id),
        () => '--disable-rules (or MDBKIT_DISABLE_RULES)',
      );
    } catch (error) {
      if (error instanceof UnknownRuleError) throw new UsageError(error.message, 'serve');
      throw error;
    }
    engine = baseEngine.withSettings(ruleSettings({ disable: options.disabledRules }));
  }
  const known = apiGroupsOf(engine.schemas.schemas.kinds);
  const unknown = options.servedGroups.filter((g) => !known.includes(g));
  if (unknown.length > 0)
    throw new UsageError(`--served-groups (or MDBKIT_SERVED_GROUPS): mdbkit has no kinds in ${unknown.join(', ')}; it serves ${known.join(', ')}`, 'serve');
  // The validators were compiled at build time; each loads when its kind is first judged (a few milliseconds), so
  // the start does not pay for kinds that never come. A missing one stops the start instead of failing requests.
  engine.schemas.checkAvailable(options.servedGroups);

  let cluster: ClusterConnection;
  try {
    const resources = engine.watchedResources(options.servedGroups);
    logger.debug('cluster resources the policies read', { resources: resources.map((r) => `${r.plural}.${r.group}`) });
    cluster = await connectCluster(options.cluster, { resources, watchNamespaces: options.watchNamespaces, logger });
  } catch (error) {
    throw new InputError(`cannot use the cluster configuration: ${(error as Error).message}`);
  }

  const signals = listenForTermination();
  let server: WebhookServer;
  try {
    server = await startWebhookServer({
      port: options.port,
      ...(options.metricsPort !== 0 ? { metricsPort: options.metricsPort } : {}),
      ...(options.address ? { address: options.address } : {}),
      tls,
      tlsMinVersion: options.tlsMinVersion,
      admission: { engine, reader: cluster.reader, clusterDomain: options.clusterDomain, servedGroups: options.servedGroups },
      clusterReady: cluster.ready,
      offline: cluster.offline,
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
    metrics: server.metricsUrl ?? 'off (--metrics-port 0)',
    tlsMinVersion: options.tlsMinVersion,
    cluster: cluster.description,
    servedGroups: options.servedGroups,
    ...(options.disabledRules.length > 0 ? { disabledRules: options.disabledRules } : {}),
    operatorVersions: options.servedGroups.flatMap((g) => {
      const version = engine.schemas.versionOf(g);
      return version ? [`${g}=${version}`] : [];
    }),
    watchNamespaces: options.watchNamespaces.length > 0 ? options.watchNamespaces : ['(all)'],
    clusterDomain: options.clusterDomain,
  });
  if (caFile) {
    // The log lines so far go out first, so that on a terminal the banner stays one block below them
    // instead of being split by the "listening" line at the end of this turn.
    flushLog();
    io.stderr.write(devBanner(server, caFile, cluster, io.cwd));
  }

  const signal = await signals.received;
  logger.info('signal received', { signal });
  // Ctrl-C is a person at a terminal, not an endpoint controller to wait for.
  const { forced } = await server.shutdown({
    delayMs: signal === 'SIGINT' ? 0 : options.shutdownDelayMs,
    timeoutMs: options.shutdownTimeoutMs,
    hurry: signals.hurry,
  });
  await cluster.close();
  signals.dispose();
  // Everything is closed now, so node exits by itself once this returns (a test holds us to that).
  logger.info('stopped', { forced });
  return 0;
}
