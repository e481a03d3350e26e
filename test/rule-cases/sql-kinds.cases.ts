// Cases of the rules of Database, User, Grant, SqlJob, ExternalMariaDB and the Connection rules that judge the
// secret template, the Secret name and the MaxScale port (policies/{database,user,grant,sql-job,external-mariadb,connection}/).
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

const API = 'k8s.mariadb.com/v1alpha1';
const REF = { mariaDbRef: { name: 'mariadb' } };

function object(kind: string, spec: Record<string, unknown>, name = 'x'): KubeObject {
  return { apiVersion: API, kind, metadata: { name }, spec };
}
const database = (spec: Record<string, unknown> = {}) => object('Database', { ...REF, ...spec }, 'data');
const user = (spec: Record<string, unknown> = {}, name = 'app') =>
  object('User', { ...REF, passwordSecretKeyRef: { name: 'app', key: 'password' }, ...spec }, name);
const userWithout = (spec: Record<string, unknown>) => object('User', { ...REF, ...spec }, 'app');
const grant = (spec: Record<string, unknown> = {}) => object('Grant', { ...REF, privileges: ['SELECT'], username: 'app', ...spec }, 'app');
const sqlJob = (spec: Record<string, unknown> = {}, name = 'job') =>
  object('SqlJob', { ...REF, username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' }, sql: 'SELECT 1;', ...spec }, name);
const external = (spec: Record<string, unknown> = {}) => object('ExternalMariaDB', { host: 'db.example.com', username: 'root', ...spec }, 'ext');
const connection = (spec: Record<string, unknown> = {}) =>
  object('Connection', { username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' }, ...spec }, 'conn');
const mariadb = object('MariaDB', { storage: { size: '1Gi' } }, 'mariadb');
const maxscale = (spec: Record<string, unknown>) => object('MaxScale', { mariaDbRef: { name: 'mariadb' }, ...spec }, 'mxs');
const TWO_LISTENERS = {
  services: [
    { name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } },
    { name: 'ro-router', router: 'readconnroute', listener: { port: 3307 } },
  ],
};

const cleanupCases = (area: string, make: (spec: Record<string, unknown>) => KubeObject): RuleCase[] => [
  { rule: `${area}/cleanup-policy-invalid`, name: 'lower-case delete', object: make({ cleanupPolicy: 'delete' }), fires: true, path: 'spec.cleanupPolicy' },
  { rule: `${area}/cleanup-policy-invalid`, name: 'Skip', object: make({ cleanupPolicy: 'Skip' }), fires: false },
  { rule: `${area}/cleanup-policy-invalid`, name: 'unset (defaults to Delete)', object: make({}), fires: false },
];

const notFoundCases = (area: string, make: (spec: Record<string, unknown>) => KubeObject): RuleCase[] => [
  { rule: `${area}/mariadb-not-found`, name: 'no such MariaDB', object: make({}), cluster: [], fires: true, path: 'spec.mariaDbRef.name', severity: 'warning' },
  { rule: `${area}/mariadb-not-found`, name: 'the MariaDB exists', object: make({}), cluster: [mariadb], fires: false },
  {
    rule: `${area}/mariadb-not-found`,
    name: 'an ExternalMariaDB is looked up as one',
    object: make({ mariaDbRef: { name: 'ext', kind: 'ExternalMariaDB' } }),
    cluster: [external()],
    fires: false,
  },
];

export const cases: RuleCase[] = [
  // Database
  ...cleanupCases('database', database),
  ...notFoundCases('database', database),
  {
    rule: 'database/immutable-field',
    name: 'characterSet changed',
    old: database(),
    object: database({ characterSet: 'utf8mb4' }),
    fires: true,
    path: 'spec.characterSet',
  },
  { rule: 'database/immutable-field', name: 'name set after creation', old: database(), object: database({ name: 'other' }), fires: true, path: 'spec.name' },
  {
    rule: 'database/immutable-field',
    name: 'mariaDbRef re-pointed',
    old: database(),
    object: database({ mariaDbRef: { name: 'other' } }),
    fires: true,
    path: 'spec.mariaDbRef',
  },
  { rule: 'database/immutable-field', name: 'cleanupPolicy changed (allowed)', old: database(), object: database({ cleanupPolicy: 'Skip' }), fires: false },
  { rule: 'database/immutable-field', name: 'default collate written out', old: database(), object: database({ collate: 'utf8_general_ci' }), fires: false },

  // User
  ...cleanupCases('user', user),
  ...notFoundCases('user', user),
  {
    rule: 'user/password-methods-exclusive',
    name: 'password and password hash',
    object: user({ passwordHashSecretKeyRef: { name: 'app', key: 'hash' } }),
    fires: true,
    path: 'spec.passwordHashSecretKeyRef',
  },
  {
    rule: 'user/password-methods-exclusive',
    name: 'password and plugin',
    object: user({ passwordPlugin: { pluginNameSecretKeyRef: { name: 'p', key: 'plugin' } } }),
    fires: true,
    path: 'spec.passwordPlugin.pluginNameSecretKeyRef',
  },
  { rule: 'user/password-methods-exclusive', name: 'a password only', object: user(), fires: false },
  { rule: 'user/password-methods-exclusive', name: 'no password at all (a locked account)', object: userWithout({}), fires: false },
  {
    rule: 'user/plugin-arg-without-name',
    name: 'plugin arguments without the plugin',
    object: userWithout({ passwordPlugin: { pluginArgSecretKeyRef: { name: 'p', key: 'arg' } } }),
    fires: true,
    path: 'spec.passwordPlugin.pluginArgSecretKeyRef',
  },
  {
    rule: 'user/plugin-arg-without-name',
    name: 'plugin with arguments',
    object: userWithout({ passwordPlugin: { pluginNameSecretKeyRef: { name: 'p', key: 'plugin' }, pluginArgSecretKeyRef: { name: 'p', key: 'arg' } } }),
    fires: false,
  },
  { rule: 'user/tls-requirements-invalid', name: 'ssl and x509', object: user({ require: { ssl: true, x509: true } }), fires: true, path: 'spec.require' },
  {
    rule: 'user/tls-requirements-invalid',
    name: 'x509 and a subject',
    object: user({ require: { x509: true, subject: '/CN=app' } }),
    fires: true,
    path: 'spec.require',
  },
  { rule: 'user/tls-requirements-invalid', name: 'nothing required', object: user({ require: { ssl: false } }), fires: true, path: 'spec.require' },
  {
    rule: 'user/tls-requirements-invalid',
    name: 'issuer and subject together',
    object: user({ require: { issuer: '/CN=ca', subject: '/CN=app' } }),
    fires: false,
  },
  { rule: 'user/tls-requirements-invalid', name: 'x509 only', object: user({ require: { x509: true, ssl: false } }), fires: false },
  { rule: 'user/tls-requirements-invalid', name: 'no spec.require', object: user(), fires: false },
  { rule: 'user/immutable-field', name: 'host changed', old: user({ host: '%' }), object: user({ host: '10.0.0.%' }), fires: true, path: 'spec.host' },
  { rule: 'user/immutable-field', name: 'host set after creation', old: user(), object: user({ host: 'localhost' }), fires: true, path: 'spec.host' },
  { rule: 'user/immutable-field', name: 'name changed', old: user({ name: 'a' }), object: user({ name: 'b' }), fires: true, path: 'spec.name' },
  { rule: 'user/immutable-field', name: 'maxUserConnections changed (allowed)', old: user(), object: user({ maxUserConnections: 50 }), fires: false },

  // Grant
  ...cleanupCases('grant', grant),
  ...notFoundCases('grant', grant),
  { rule: 'grant/immutable-field', name: 'table changed', old: grant(), object: grant({ table: 'orders' }), fires: true, path: 'spec.table' },
  { rule: 'grant/immutable-field', name: 'grantOption turned on', old: grant(), object: grant({ grantOption: true }), fires: true, path: 'spec.grantOption' },
  { rule: 'grant/immutable-field', name: 'username changed', old: grant(), object: grant({ username: 'other' }), fires: true, path: 'spec.username' },
  { rule: 'grant/immutable-field', name: 'privileges changed (allowed)', old: grant(), object: grant({ privileges: ['SELECT', 'INSERT'] }), fires: false },
  {
    rule: 'grant/user-not-found',
    name: 'no User named like spec.username',
    object: grant(),
    cluster: [],
    fires: true,
    path: 'spec.username',
    severity: 'warning',
  },
  { rule: 'grant/user-not-found', name: 'the User exists, both for any host', object: grant(), cluster: [user()], fires: false },
  {
    rule: 'grant/user-not-found',
    name: 'the User is for another host',
    object: grant({ host: '%' }),
    cluster: [user({ host: 'localhost' })],
    fires: true,
    path: 'spec.host',
    severity: 'warning',
  },
  {
    rule: 'grant/user-not-found',
    name: 'the User is in another MariaDB',
    object: grant(),
    cluster: [user({ mariaDbRef: { name: 'other' } })],
    fires: true,
    path: 'spec.mariaDbRef',
    severity: 'warning',
  },

  // SqlJob
  ...notFoundCases('sqljob', sqlJob),
  {
    rule: 'sqljob/sql-required',
    name: 'no SQL at all',
    object: object('SqlJob', { ...REF, username: 'app', passwordSecretKeyRef: { name: 'a', key: 'p' } }),
    fires: true,
    path: 'spec.sql',
  },
  { rule: 'sqljob/sql-required', name: 'inline SQL', object: sqlJob(), fires: false },
  {
    rule: 'sqljob/sql-required',
    name: 'SQL from a ConfigMap',
    object: sqlJob({ sql: undefined, sqlConfigMapKeyRef: { name: 'sql', key: 'job.sql' } }),
    fires: false,
  },
  { rule: 'sqljob/schedule-invalid', name: 'a @daily descriptor', object: sqlJob({ schedule: { cron: '@daily' } }), fires: true, path: 'spec.schedule.cron' },
  {
    rule: 'sqljob/schedule-invalid',
    name: 'six fields (seconds)',
    object: sqlJob({ schedule: { cron: '0 */5 * * * *' } }),
    fires: true,
    path: 'spec.schedule.cron',
  },
  { rule: 'sqljob/schedule-invalid', name: 'weekday 7', object: sqlJob({ schedule: { cron: '0 3 * * 7' } }), fires: true, path: 'spec.schedule.cron' },
  { rule: 'sqljob/schedule-invalid', name: 'minute 60', object: sqlJob({ schedule: { cron: '60 * * * *' } }), fires: true, path: 'spec.schedule.cron' },
  {
    rule: 'sqljob/schedule-invalid',
    name: 'an unknown time zone',
    object: sqlJob({ schedule: { cron: 'TZ=Mars/Olympus 0 3 * * *' } }),
    fires: true,
    path: 'spec.schedule.cron',
  },
  { rule: 'sqljob/schedule-invalid', name: 'every 5 minutes', object: sqlJob({ schedule: { cron: '*/5 * * * *' } }), fires: false },
  {
    rule: 'sqljob/schedule-invalid',
    name: 'names, ranges and a time zone',
    object: sqlJob({ schedule: { cron: 'CRON_TZ=Europe/Madrid 30 2 1-15 jan-jun MON-FRI' } }),
    fires: false,
  },
  { rule: 'sqljob/immutable-field', name: 'sql changed', old: sqlJob(), object: sqlJob({ sql: 'SELECT 2;' }), fires: true, path: 'spec.sql' },
  {
    rule: 'sqljob/immutable-field',
    name: 'dependsOn added',
    old: sqlJob(),
    object: sqlJob({ dependsOn: [{ name: 'first' }] }),
    fires: true,
    path: 'spec.dependsOn',
  },
  {
    rule: 'sqljob/immutable-field',
    name: 'serviceAccountName changed',
    old: sqlJob(),
    object: sqlJob({ serviceAccountName: 'other' }),
    fires: true,
    path: 'spec.serviceAccountName',
  },
  {
    rule: 'sqljob/immutable-field',
    name: 'schedule changed (allowed)',
    old: sqlJob({ schedule: { cron: '0 3 * * *' } }),
    object: sqlJob({ schedule: { cron: '0 4 * * *' } }),
    fires: false,
  },
  {
    rule: 'sqljob/immutable-field',
    name: 'imagePullSecrets changed, operator 25.10',
    old: sqlJob({ imagePullSecrets: [{ name: 'a' }] }),
    object: sqlJob({ imagePullSecrets: [{ name: 'b' }] }),
    operatorVersions: ['25.10'],
    fires: true,
    path: 'spec.imagePullSecrets',
  },
  {
    rule: 'sqljob/immutable-field',
    name: 'imagePullSecrets changed, operator 26.6 (allowed)',
    old: sqlJob({ imagePullSecrets: [{ name: 'a' }] }),
    object: sqlJob({ imagePullSecrets: [{ name: 'b' }] }),
    operatorVersions: ['26.6'],
    fires: false,
  },
  {
    rule: 'sqljob/dependency-not-found',
    name: 'depends on a SqlJob that does not exist',
    object: sqlJob({ dependsOn: [{ name: 'first' }] }),
    cluster: [],
    fires: true,
    path: 'spec.dependsOn[0].name',
    severity: 'warning',
  },
  {
    rule: 'sqljob/dependency-not-found',
    name: 'depends on itself',
    object: sqlJob({ dependsOn: [{ name: 'job' }] }),
    cluster: [],
    fires: true,
    path: 'spec.dependsOn[0].name',
    severity: 'warning',
  },
  {
    rule: 'sqljob/dependency-not-found',
    name: 'the dependency exists',
    object: sqlJob({ dependsOn: [{ name: 'first' }] }),
    cluster: [sqlJob({}, 'first')],
    fires: false,
  },

  // ExternalMariaDB
  {
    rule: 'externalmariadb/immutable-field',
    name: 'connection template changed',
    old: external({ connection: { secretName: 'a' } }),
    object: external({ connection: { secretName: 'b' } }),
    fires: true,
    path: 'spec.connection',
  },
  {
    rule: 'externalmariadb/immutable-field',
    name: 'connection template added',
    old: external(),
    object: external({ connection: { secretName: 'b' } }),
    fires: true,
    path: 'spec.connection',
  },
  { rule: 'externalmariadb/immutable-field', name: 'host changed (allowed)', old: external(), object: external({ host: 'db2.example.com' }), fires: false },
  {
    rule: 'externalmariadb/immutable-field',
    name: 'imagePullSecrets changed, operator 25.10',
    old: external({ imagePullSecrets: [{ name: 'a' }] }),
    object: external({ imagePullSecrets: [{ name: 'b' }] }),
    operatorVersions: ['25.10'],
    fires: true,
    path: 'spec.imagePullSecrets',
  },
  {
    rule: 'externalmariadb/immutable-field',
    name: 'imagePullSecrets changed, operator 26.6 (allowed)',
    old: external({ imagePullSecrets: [{ name: 'a' }] }),
    object: external({ imagePullSecrets: [{ name: 'b' }] }),
    operatorVersions: ['26.6'],
    fires: false,
  },

  {
    rule: 'externalmariadb/connection-template-invalid',
    name: 'a Connection template with an unknown value',
    object: external({ connection: { secretTemplate: { format: '{{ .Hostname }}:{{ .Port }}' } } }),
    fires: true,
    path: 'spec.connection.secretTemplate.format',
  },
  {
    rule: 'externalmariadb/connection-template-invalid',
    name: 'a Connection template that does not parse',
    object: external({ connection: { secretTemplate: { format: '{{ .Host }}:{{ .Port' } } }),
    fires: true,
    path: 'spec.connection.secretTemplate.format',
  },
  {
    rule: 'externalmariadb/connection-template-invalid',
    name: 'a valid Connection template',
    object: external({ connection: { secretTemplate: { format: '{{ .Host }}:{{ .Port }}' } } }),
    fires: false,
  },

  // Connection
  {
    rule: 'connection/secret-template-invalid',
    name: 'an action left open',
    object: connection({ ...REF, secretTemplate: { format: 'mysql://{{ .Username }}@{{ .Host }:{{ .Port }}/' } }),
    fires: true,
    path: 'spec.secretTemplate.format',
  },
  {
    rule: 'connection/secret-template-invalid',
    name: 'a function Go does not have',
    object: connection({ ...REF, secretTemplate: { format: '{{ upper .Username }}' } }),
    fires: true,
    path: 'spec.secretTemplate.format',
  },
  {
    rule: 'connection/secret-template-invalid',
    name: 'the operator example DSN, with trim markers, a comment and a pipeline',
    object: connection({
      ...REF,
      secretTemplate: { format: '{{- /* DSN */ -}} mysql://{{ .Username }}:{{ .Password | urlquery }}@{{ .Host }}:{{ .Port }}/{{ .Database }}{{ .Params -}}' },
    }),
    fires: false,
  },
  {
    rule: 'connection/secret-template-unknown-value',
    name: '.User instead of .Username',
    object: connection({ ...REF, secretTemplate: { format: '{{ .User }}@{{ .Host }}' } }),
    fires: true,
    path: 'spec.secretTemplate.format',
  },
  {
    rule: 'connection/secret-template-unknown-value',
    name: 'known values only',
    object: connection({ ...REF, secretTemplate: { format: '{{ .Username }}@{{ .Host }}:{{ .Port }}' } }),
    fires: false,
  },
  {
    rule: 'connection/immutable-field',
    name: 'secretName changed',
    old: connection({ ...REF, secretName: 'a' }),
    object: connection({ ...REF, secretName: 'b' }),
    fires: true,
    path: 'spec.secretName',
  },
  {
    rule: 'connection/immutable-field',
    name: 'username changed (allowed)',
    old: connection({ ...REF }),
    object: connection({ ...REF, username: 'other' }),
    fires: false,
  },
  {
    rule: 'connection/maxscale-port-not-listener',
    name: 'a port no listener has',
    object: connection({ maxScaleRef: { name: 'mxs' }, port: 4000 }),
    cluster: [maxscale(TWO_LISTENERS), mariadb],
    fires: true,
    path: 'spec.port',
  },
  {
    rule: 'connection/maxscale-port-not-listener',
    name: 'the second listener',
    object: connection({ maxScaleRef: { name: 'mxs' }, port: 3307 }),
    cluster: [maxscale(TWO_LISTENERS), mariadb],
    fires: false,
  },
  {
    rule: 'connection/maxscale-port-not-listener',
    name: 'a MaxScale without services listens on 3306 only',
    object: connection({ maxScaleRef: { name: 'mxs' }, port: 3307 }),
    cluster: [maxscale({}), mariadb],
    fires: true,
    path: 'spec.port',
  },
  {
    rule: 'connection/maxscale-port-not-listener',
    name: 'no port: the first listener is taken',
    object: connection({ maxScaleRef: { name: 'mxs' } }),
    cluster: [maxscale(TWO_LISTENERS), mariadb],
    fires: false,
  },
  {
    rule: 'connection/maxscale-port-not-listener',
    name: 'an explicit host elsewhere',
    object: connection({ maxScaleRef: { name: 'mxs' }, host: 'proxy.example.com', port: 4000 }),
    cluster: [maxscale(TWO_LISTENERS), mariadb],
    fires: false,
  },
];

// The Connection webhook's older checks, now with CEL twins (schemas/_overlays/mariadb-operator/connection-checks.overlay.json).
cases.push(
  { rule: 'connection/reference-required', name: 'no target', object: connection({}), fires: true, path: 'spec.mariaDbRef' },
  { rule: 'connection/reference-required', name: 'a MaxScale target', object: connection({ maxScaleRef: { name: 'mxs' } }), fires: false },
  {
    rule: 'connection/references-exclusive',
    name: 'two targets',
    object: connection({ ...REF, maxScaleRef: { name: 'mxs' } }),
    fires: true,
    path: 'spec.maxScaleRef',
  },
  { rule: 'connection/references-exclusive', name: 'one target', object: connection({ ...REF }), fires: false },
  {
    rule: 'connection/credentials-required',
    name: 'neither a password nor a client certificate',
    object: object('Connection', { ...REF, username: 'app' }, 'conn'),
    fires: true,
    path: 'spec.passwordSecretKeyRef',
  },
  {
    rule: 'connection/credentials-required',
    name: 'a client certificate only',
    object: object('Connection', { ...REF, username: 'app', tlsClientCertSecretRef: { name: 'app-tls' } }),
    fires: false,
  },
);
