// Everything `mdbkit serve` can be told, from flags first and environment variables second (a Deployment
// sets env, a developer types flags), checked at start-up with a message that names the flag and the
// variable: a webhook that starts with a bad setting fails every apply in the cluster later instead.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { DEFAULT_CLUSTER_DOMAIN } from '../policies/policy-context.js';
import { LOG_LEVELS, type LogLevel } from './request-log.js';

export const DEFAULT_PORT = 8443;
/** Where /metrics is served, apart from the admission port (webhook/metrics-server.ts says why). */
export const DEFAULT_METRICS_PORT = 9090;
export const DEFAULT_SERVED_GROUPS = ['enterprise.mariadb.com', 'k8s.mariadb.com'];
/** Where the service account token is mounted in a pod (https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** How the webhook reads the cluster: an informer cache through a kubeconfig or the pod's service account, or not at all. */
export type ClusterAccess = { mode: 'offline'; reason: string } | { mode: 'kubeconfig'; path: string } | { mode: 'in-cluster' };

export interface ServeOptions {
  port: number;
  /** Port for GET /metrics over HTTP, on the same address; 0 serves no metrics. */
  metricsPort: number;
  /** Address to listen on; undefined for every interface. */
  address?: string;
  /** Undefined only with `dev`, which makes its own. */
  tls?: { certFile: string; keyFile: string };
  tlsMinVersion: SecureVersion;
  cluster: ClusterAccess;
  /** Empty for all namespaces. */
  watchNamespaces: string[];
  clusterDomain: string;
  servedGroups: string[];
  /**
   * Rule ids (or `<area>/*`) the webhook does not run: set by whoever installs the webhook (the chart's
   * `disabledRules`), never by the author of an object. Checked against the catalog at start.
   */
  disabledRules: string[];
  /** `--operator-version` / MDBKIT_OPERATOR_VERSIONS: the mariadb-operator version per group (`k8s.mariadb.com=25.10`). */
  operatorVersions: string[];
  logLevel: LogLevel;
  dev: boolean;
  /** After SIGTERM: how long to keep serving with readiness failing, so endpoints stop routing here first. */
  shutdownDelayMs: number;
  /** Then: how long requests in flight may take before their connections are cut. */
  shutdownTimeoutMs: number;
}

/** A setting that cannot be used; the CLI turns it into a usage error (exit 2). */
export class ServeOptionError extends Error {
  override name = 'ServeOptionError';
}

interface Setting {
  flag: string;
  env?: string;
  value: string;
}

export type FlagValues = Record<string, string | boolean | undefined>;
export type Environment = Record<string, string | undefined>;

/** The flag's value, else the environment variable's; an empty variable counts as unset, as in most tools. */
function setting(values: FlagValues, env: Environment, flag: string, envName?: string): Setting | undefined {
  const fromFlag = values[flag];
  if (typeof fromFlag === 'string') return { flag, ...(envName ? { env: envName } : {}), value: fromFlag };
  const fromEnv = envName ? env[envName] : undefined;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { flag, env: envName, value: fromEnv.trim() };
  return undefined;
}

function fail(s: Setting, message: string): never {
  const source = s.env ? `--${s.flag} (or ${s.env})` : `--${s.flag}`;
  throw new ServeOptionError(`${source}: ${message}`);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function list(s: Setting): string[] {
  return [...new Set(s.value.split(/[\s,]+/).filter((item) => item !== ''))];
}

/** `5s`, `500ms`, `1m` or a plain number of seconds. */
export function parseDuration(s: Setting): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.value);
  if (!match) fail(s, `"${s.value}" is not a duration such as 5s, 500ms or 1m`);
  const amount = Number(match[1]);
  return Math.round(amount * ({ ms: 1, s: 1000, m: 60_000 } as const)[(match[2] ?? 's') as 'ms' | 's' | 'm']);
}

function parsePort(s: Setting, zero = '0 picks a free one'): number {
  if (!/^\d+$/.test(s.value) || Number(s.value) > 65535) fail(s, `"${s.value}" is not a port number (0 to 65535; ${zero})`);
  return Number(s.value);
}

function parseTlsVersion(s: Setting): SecureVersion {
  const version = s.value.replace(/^TLSv?/i, '');
  if (version === '1.2') return 'TLSv1.2';
  if (version === '1.3') return 'TLSv1.3';
  fail(s, `"${s.value}" is not a TLS version mdbkit accepts: 1.2 or 1.3 (older ones are insecure, and Kubernetes does not use them)`);
}

function parseLogLevel(s: Setting): LogLevel {
  const level = s.value.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) fail(s, `"${s.value}" is not a log level: ${LOG_LEVELS.join(', ')}`);
  return level as LogLevel;
}

export interface ClusterProbe {
  home: string;
  exists: (path: string) => boolean;
}

const REAL_PROBE: ClusterProbe = { home: homedir(), exists: existsSync };

/** `--offline`, else MDBKIT_OFFLINE (true/false, 1/0, yes/no): how the offline mode was asked for, or undefined. */
function offlineRequest(values: FlagValues, env: Environment): string | undefined {
  if (values.offline === true) return '--offline';
  const fromEnv = setting({}, env, 'offline', 'MDBKIT_OFFLINE');
  if (!fromEnv) return undefined;
  const value = fromEnv.value.toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return 'MDBKIT_OFFLINE';
  if (['false', '0', 'no'].includes(value)) return undefined;
  fail(fromEnv, `"${fromEnv.value}" is not true or false`);
}

/**
 * --offline (or MDBKIT_OFFLINE=true); else --kubeconfig or KUBECONFIG (the first file of its list that exists);
 * else the pod's service account; else ~/.kube/config; else a usage error. Offline is never a fallback: a
 * webhook that silently lost its cluster would let a MaxScale through whose MariaDB does not exist, and report
 * ready. Offline, lookups answer "unknown" and policies that need another object skip what depends on it.
 */
export function resolveClusterAccess(values: FlagValues, env: Environment, cwd: string, probe: ClusterProbe = REAL_PROBE): ClusterAccess {
  const offline = offlineRequest(values, env);
  if (offline) return { mode: 'offline', reason: offline };
  const kubeconfig = setting(values, env, 'kubeconfig', 'KUBECONFIG');
  if (kubeconfig) {
    // KUBECONFIG is a path list, as kubectl reads it; a flag names one file.
    const candidates = kubeconfig.env && values.kubeconfig === undefined ? kubeconfig.value.split(delimiter).filter(Boolean) : [kubeconfig.value];
    const found = candidates.map((path) => resolve(cwd, path)).find((path) => probe.exists(path));
    if (!found) fail(kubeconfig, `no kubeconfig file at ${candidates.join(delimiter)}`);
    return { mode: 'kubeconfig', path: found };
  }
  if (env.KUBERNETES_SERVICE_HOST && probe.exists(join(SERVICE_ACCOUNT_DIR, 'token'))) return { mode: 'in-cluster' };
  const home = join(probe.home, '.kube', 'config');
  if (probe.exists(home)) return { mode: 'kubeconfig', path: home };
  throw new ServeOptionError(
    `no cluster to read: no --kubeconfig (or KUBECONFIG), no in-cluster service account (KUBERNETES_SERVICE_HOST and ${SERVICE_ACCOUNT_DIR}/token) and no ${home}. ` +
      'Give one, or pass --offline (or MDBKIT_OFFLINE=true) to serve without cluster lookups: objects that refer to others are then judged without them',
  );
}

export function resolveServeOptions(values: FlagValues, env: Environment, cwd: string, probe: ClusterProbe = REAL_PROBE): ServeOptions {
  const dev = values.dev === true;
  const get = (flag: string, envName?: string) => setting(values, env, flag, envName);

  const port = get('port', 'MDBKIT_PORT');
  const metricsPort = get('metrics-port', 'MDBKIT_METRICS_PORT');
  const address = get('address', 'MDBKIT_ADDRESS');
  if (address && isIP(address.value) === 0 && address.value !== 'localhost') fail(address, `"${address.value}" is not an IP address`);

  const cert = get('tls-cert-file', 'MDBKIT_TLS_CERT_FILE');
  const key = get('tls-key-file', 'MDBKIT_TLS_KEY_FILE');
  if (cert && !key) fail(cert, 'is set, but not --tls-key-file (or MDBKIT_TLS_KEY_FILE): both files are needed');
  if (key && !cert) fail(key, 'is set, but not --tls-cert-file (or MDBKIT_TLS_CERT_FILE): both files are needed');
  if (!cert && !dev) {
    throw new ServeOptionError(
      '--tls-cert-file and --tls-key-file (or MDBKIT_TLS_CERT_FILE and MDBKIT_TLS_KEY_FILE) are required: the API server calls webhooks over HTTPS only. For a local try, use --dev',
    );
  }
  for (const file of [cert, key]) if (file && !probe.exists(resolve(cwd, file.value))) fail(file, `no such file: ${file.value}`);

  const namespaces = get('watch-namespaces', 'MDBKIT_WATCH_NAMESPACES');
  const watchNamespaces = namespaces ? list(namespaces) : [];
  for (const ns of watchNamespaces) if (!DNS_LABEL.test(ns) || ns.length > 63) fail(namespaces!, `"${ns}" is not a namespace name`);

  const domain = get('cluster-domain', 'MDBKIT_CLUSTER_DOMAIN');
  const clusterDomain = domain ? domain.value.replace(/\.$/, '') : DEFAULT_CLUSTER_DOMAIN;
  if (domain && (!DNS_SUBDOMAIN.test(clusterDomain) || clusterDomain.length > 253)) fail(domain, `"${domain.value}" is not a DNS domain such as cluster.local`);

  const groups = get('served-groups', 'MDBKIT_SERVED_GROUPS');
  const servedGroups = groups ? list(groups) : [...DEFAULT_SERVED_GROUPS];
  if (groups && servedGroups.length === 0) fail(groups, 'names no API group');
  for (const group of servedGroups) if (!DNS_SUBDOMAIN.test(group)) fail(groups!, `"${group}" is not an API group name`);

  const disabled = get('disable-rules', 'MDBKIT_DISABLE_RULES');
  const disabledRules = disabled ? list(disabled) : [];
  for (const id of disabledRules)
    if (!/^[a-z0-9]+\/([a-z0-9-]+|\*)$/.test(id))
      fail(disabled!, `"${id}" is not a rule id such as maxscale/monitor-interval-short (or an area such as maxscale/*)`);

  const operator = get('operator-version', 'MDBKIT_OPERATOR_VERSIONS');
  const operatorVersions = operator ? list(operator) : [];
  for (const v of operatorVersions)
    if (!/^([a-z0-9.-]+=)?\d+\.\d+$/.test(v)) fail(operator!, `"${v}" is not an operator version such as 26.6 or k8s.mariadb.com=25.10`);

  const level = get('log-level', 'MDBKIT_LOG_LEVEL');
  const tlsVersion = get('tls-min-version', 'MDBKIT_TLS_MIN_VERSION');
  const delay = get('shutdown-delay', 'MDBKIT_SHUTDOWN_DELAY');
  const timeout = get('shutdown-timeout', 'MDBKIT_SHUTDOWN_TIMEOUT');

  return {
    port: port ? parsePort(port) : DEFAULT_PORT,
    metricsPort: metricsPort ? parsePort(metricsPort, '0 turns metrics off') : DEFAULT_METRICS_PORT,
    // Development listens on loopback only: its CA key sits in the working tree.
    ...(address ? { address: address.value } : dev ? { address: '127.0.0.1' } : {}),
    ...(cert && key ? { tls: { certFile: resolve(cwd, cert.value), keyFile: resolve(cwd, key.value) } } : {}),
    tlsMinVersion: tlsVersion ? parseTlsVersion(tlsVersion) : 'TLSv1.2',
    cluster: resolveClusterAccess(values, env, cwd, probe),
    watchNamespaces,
    clusterDomain,
    servedGroups,
    disabledRules,
    operatorVersions,
    logLevel: level ? parseLogLevel(level) : 'info',
    dev,
    // Kubernetes' default grace period is 30 s: 5 s for the endpoints to drop this pod, 20 s to drain, 5 s to spare.
    shutdownDelayMs: delay ? parseDuration(delay) : dev ? 0 : 5000,
    shutdownTimeoutMs: timeout ? parseDuration(timeout) : 20_000,
  };
}
