// `mdbkit serve`'s settings: flags first, environment variables second, defaults last; every bad value
// refused with a message naming both the flag and the variable; how the cluster is reached.
import { strict as assert } from 'node:assert';
import { describeError } from '../../webhook/request-log.js';
import { ServeOptionError, resolveClusterAccess, resolveServeOptions, SERVICE_ACCOUNT_DIR, type ClusterProbe } from '../../webhook/serve-options.js';

const files = new Set(['/certs/tls.crt', '/certs/tls.key']);
const probe = (extra: string[] = []): ClusterProbe => ({ home: '/home/u', exists: (path) => files.has(path) || extra.includes(path) });
const TLS = { 'tls-cert-file': '/certs/tls.crt', 'tls-key-file': '/certs/tls.key' };
/** Offline unless a test says otherwise: most settings have nothing to do with the cluster. */
const resolve = (values: Record<string, string | boolean>, env: Record<string, string> = {}, extra: string[] = []) =>
  resolveServeOptions({ offline: true, ...values }, env, '/work', probe(extra));
const refuses = (values: Record<string, string | boolean>, env: Record<string, string>, pattern: RegExp) =>
  assert.throws(
    () => resolve(values, env),
    (error: unknown) => error instanceof ServeOptionError && pattern.test(error.message),
  );

describe('serve options', () => {
  it('has the documented defaults', () => {
    const options = resolve(TLS);
    assert.equal(options.port, 8443);
    assert.equal(options.metricsPort, 9090);
    assert.equal(options.address, undefined);
    assert.equal(options.tlsMinVersion, 'TLSv1.2');
    assert.deepEqual(options.servedGroups, ['enterprise.mariadb.com', 'k8s.mariadb.com']);
    assert.deepEqual(options.watchNamespaces, []);
    assert.equal(options.clusterDomain, 'cluster.local');
    assert.equal(options.logLevel, 'info');
    assert.equal(options.shutdownDelayMs, 5000);
    assert.equal(options.shutdownTimeoutMs, 20_000);
    assert.deepEqual(options.cluster, { mode: 'offline', reason: '--offline' });
    assert.deepEqual(options.disabledRules, []);
  });

  it('takes the rules to switch off from --disable-rules or MDBKIT_DISABLE_RULES, and refuses what is no rule id', () => {
    assert.deepEqual(resolve({ ...TLS, 'disable-rules': 'maxscale/monitor-interval-short, galera/*' }).disabledRules, [
      'maxscale/monitor-interval-short',
      'galera/*',
    ]);
    assert.deepEqual(resolve(TLS, { MDBKIT_DISABLE_RULES: 'mariadb/galera-even-replicas' }).disabledRules, ['mariadb/galera-even-replicas']);
    refuses({ ...TLS, 'disable-rules': 'Monitor Interval' }, {}, /^--disable-rules \(or MDBKIT_DISABLE_RULES\): "Monitor" is not a rule id/);
  });

  it('takes the operator versions from --operator-version or MDBKIT_OPERATOR_VERSIONS, and refuses what is no version', () => {
    assert.deepEqual(resolve(TLS).operatorVersions, []);
    assert.deepEqual(resolve({ ...TLS, 'operator-version': 'k8s.mariadb.com=25.10, enterprise.mariadb.com=25.10' }).operatorVersions, [
      'k8s.mariadb.com=25.10',
      'enterprise.mariadb.com=25.10',
    ]);
    assert.deepEqual(resolve(TLS, { MDBKIT_OPERATOR_VERSIONS: '25.10' }).operatorVersions, ['25.10']);
    refuses({ ...TLS, 'operator-version': 'latest' }, {}, /"latest" is not an operator version such as 26\.6/);
  });

  it('reads the environment when a flag is absent, and prefers the flag', () => {
    const env = {
      MDBKIT_PORT: '9443',
      MDBKIT_TLS_CERT_FILE: '/certs/tls.crt',
      MDBKIT_TLS_KEY_FILE: '/certs/tls.key',
      MDBKIT_TLS_MIN_VERSION: '1.3',
      MDBKIT_WATCH_NAMESPACES: 'db, apps',
      MDBKIT_CLUSTER_DOMAIN: 'corp.example.',
      MDBKIT_SERVED_GROUPS: 'k8s.mariadb.com',
      MDBKIT_LOG_LEVEL: 'DEBUG',
      MDBKIT_SHUTDOWN_DELAY: '2s',
      MDBKIT_SHUTDOWN_TIMEOUT: '1500ms',
    };
    const fromEnv = resolve({}, env);
    assert.equal(fromEnv.port, 9443);
    assert.deepEqual(fromEnv.tls, { certFile: '/certs/tls.crt', keyFile: '/certs/tls.key' });
    assert.equal(fromEnv.tlsMinVersion, 'TLSv1.3');
    assert.deepEqual(fromEnv.watchNamespaces, ['db', 'apps']);
    assert.equal(fromEnv.clusterDomain, 'corp.example');
    assert.deepEqual(fromEnv.servedGroups, ['k8s.mariadb.com']);
    assert.equal(fromEnv.logLevel, 'debug');
    assert.equal(fromEnv.shutdownDelayMs, 2000);
    assert.equal(fromEnv.shutdownTimeoutMs, 1500);
    const fromFlags = resolve({ port: '0', 'tls-min-version': '1.2', 'log-level': 'warn' }, env);
    assert.equal(fromFlags.port, 0);
    assert.equal(fromFlags.tlsMinVersion, 'TLSv1.2');
    assert.equal(fromFlags.logLevel, 'warn');
    assert.equal(resolve(TLS, { MDBKIT_PORT: '' }).port, 8443, 'an empty variable is unset');
  });

  it('refuses bad values, naming the flag and its variable', () => {
    refuses({ ...TLS, port: 'https' }, {}, /^--port \(or MDBKIT_PORT\): "https" is not a port number/);
    assert.equal(resolve({ ...TLS, 'metrics-port': '9100' }).metricsPort, 9100);
    assert.equal(resolve(TLS, { MDBKIT_METRICS_PORT: '0' }).metricsPort, 0, '0 turns metrics off');
    refuses(
      { ...TLS, 'metrics-port': 'metrics' },
      {},
      /^--metrics-port \(or MDBKIT_METRICS_PORT\): "metrics" is not a port number \(0 to 65535; 0 turns metrics off\)/,
    );
    refuses(TLS, { MDBKIT_PORT: '70000' }, /^--port \(or MDBKIT_PORT\): "70000"/);
    refuses(TLS, { MDBKIT_TLS_MIN_VERSION: '1.1' }, /^--tls-min-version \(or MDBKIT_TLS_MIN_VERSION\): "1.1" is not a TLS version mdbkit accepts: 1.2 or 1.3/);
    refuses({ ...TLS, 'log-level': 'verbose' }, {}, /log level: debug, info, warn, error/);
    refuses(TLS, { MDBKIT_WATCH_NAMESPACES: 'db,Apps' }, /"Apps" is not a namespace name/);
    refuses(TLS, { MDBKIT_CLUSTER_DOMAIN: 'cluster_local' }, /not a DNS domain/);
    refuses(TLS, { MDBKIT_SERVED_GROUPS: ' , ' }, /names no API group/);
    refuses({ ...TLS, 'shutdown-delay': 'soon' }, {}, /not a duration such as 5s/);
    refuses({ ...TLS, address: 'example.com' }, {}, /not an IP address/);
  });

  it('requires both TLS files unless --dev, and says so', () => {
    refuses({}, {}, /--tls-cert-file and --tls-key-file \(or MDBKIT_TLS_CERT_FILE and MDBKIT_TLS_KEY_FILE\) are required.*--dev/);
    refuses({ 'tls-cert-file': '/certs/tls.crt' }, {}, /both files are needed/);
    refuses(
      { 'tls-cert-file': '/certs/tls.crt', 'tls-key-file': '/certs/missing.key' },
      {},
      /--tls-key-file \(or MDBKIT_TLS_KEY_FILE\): no such file: \/certs\/missing.key/,
    );
    const dev = resolve({ dev: true });
    assert.equal(dev.tls, undefined);
    assert.equal(dev.address, '127.0.0.1');
    assert.equal(dev.shutdownDelayMs, 0);
  });

  describe('cluster access', () => {
    const access = (values: Record<string, string | boolean>, env: Record<string, string>, existing: string[]) =>
      resolveClusterAccess(values, env, '/work', probe(existing));

    it('is offline with --offline, whatever else is there', () => {
      assert.equal(access({ offline: true, kubeconfig: '/k' }, {}, ['/k']).mode, 'offline');
    });

    it('uses --kubeconfig, else the first existing file of KUBECONFIG, and refuses one that is missing', () => {
      assert.deepEqual(access({ kubeconfig: 'kube.yaml' }, {}, ['/work/kube.yaml']), { mode: 'kubeconfig', path: '/work/kube.yaml' });
      assert.deepEqual(access({}, { KUBECONFIG: '/a:/b' }, ['/b']), { mode: 'kubeconfig', path: '/b' });
      assert.throws(() => access({ kubeconfig: '/nope' }, {}, []), /--kubeconfig \(or KUBECONFIG\): no kubeconfig file at \/nope/);
    });

    it('uses the service account in a pod, else ~/.kube/config', () => {
      assert.deepEqual(access({}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, [`${SERVICE_ACCOUNT_DIR}/token`]), { mode: 'in-cluster' });
      assert.deepEqual(access({}, {}, ['/home/u/.kube/config']), { mode: 'kubeconfig', path: '/home/u/.kube/config' });
    });

    it('refuses to go offline by itself: with no cluster to read, it asks for --offline', () => {
      assert.throws(
        () => access({}, {}, []),
        (error: unknown) =>
          error instanceof ServeOptionError &&
          /^no cluster to read: no --kubeconfig \(or KUBECONFIG\), no in-cluster service account .* and no \/home\/u\/\.kube\/config\. Give one, or pass --offline \(or MDBKIT_OFFLINE=true\)/.test(
            error.message,
          ),
      );
      // A service host without the token is no service account either.
      assert.throws(() => access({}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, []), /pass --offline/);
    });

    it('is offline with MDBKIT_OFFLINE=true (or 1, yes), not with false, and refuses another value', () => {
      assert.deepEqual(access({}, { MDBKIT_OFFLINE: 'true' }, []), { mode: 'offline', reason: 'MDBKIT_OFFLINE' });
      assert.equal(access({}, { MDBKIT_OFFLINE: '1' }, ['/home/u/.kube/config']).mode, 'offline');
      assert.equal(access({}, { MDBKIT_OFFLINE: 'Yes' }, []).mode, 'offline');
      assert.equal(access({}, { MDBKIT_OFFLINE: 'false' }, ['/home/u/.kube/config']).mode, 'kubeconfig');
      assert.throws(() => access({}, { MDBKIT_OFFLINE: 'false' }, []), /pass --offline/);
      assert.throws(() => access({}, { MDBKIT_OFFLINE: 'maybe' }, []), /^ServeOptionError: --offline \(or MDBKIT_OFFLINE\): "maybe" is not true or false$/);
    });
  });
});

describe('describeError (what a 500 logs)', () => {
  it('keeps the first line of the message and drops quoted input', () => {
    let thrown: unknown;
    try {
      JSON.parse('{"password": hunter2-secret}');
    } catch (error) {
      thrown = error;
    }
    const described = describeError(thrown);
    assert.equal(described.errorName, 'SyntaxError');
    assert.ok(!JSON.stringify(described).includes('hunter2'), JSON.stringify(described));
    const multiLine = describeError(new Error('Cannot perform the operation\ntree: {"env": "hunter2-secret"}'));
    assert.equal(multiLine.error, 'Cannot perform the operation');
  });
});
