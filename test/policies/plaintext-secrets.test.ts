// Credentials written as plain env values, as the seed manifests show them (the Galera operator's
// exporter DSN, severalnines' MYSQL_ROOT_PASSWORD), and the look-alikes that are not credentials.
import { strict as assert } from 'node:assert';
import { plaintextPasswordFindings } from '../../policies/plaintext-secrets.js';
import { plaintextPassword } from '../../policies/mariadb/mariadb-credential-rules.js';

function paths(env: unknown, base = 'spec.env'): string[] {
  return plaintextPasswordFindings(env, base, plaintextPassword).map((f) => f.path);
}

describe('plain-text credentials in env', () => {
  const flagged: Array<[string, string]> = [
    ['MYSQL_ROOT_PASSWORD', 'myrootpassword'],
    ['MARIADB_ROOT_PASSWORD', 'Zq9-secret-value'],
    ['MARIADB_PASSWORD', 'Zq9-secret-value'],
    ['MYSQL_PASSWORD', 'myuserpassword'],
    ['XTRABACKUP_PASSWORD', 'Zq9-xtrabackup'],
    ['DB_PASSWD', 'Zq9-secret-value'],
    ['MYSQL_PWD', 'Zq9-secret-value'],
    ['ROOTPASSWORD', 'Zq9-secret-value'],
    ['db_password', 'Zq9-secret-value'],
    ['S3_SECRET', 'Zq9-secret-value'],
    ['GITHUB_TOKEN', 'Zq9-secret-value'],
    ['AWS_SECRET_ACCESS_KEY', 'Zq9-secret-value'],
    ['API_KEY', 'Zq9-secret-value'],
    ['DATA_SOURCE_NAME', 'root:test@(localhost:3306)/'],
    ['DATABASE_URL', 'mysql://app:s3cret@db:3306/app'],
    ['PASSWORD', 'the whole value counts even with $(VAR) inside'],
  ];
  for (const [name, value] of flagged) {
    it(`reports ${name}`, () => {
      const found = plaintextPasswordFindings(
        [
          { name: 'TZ', value: 'UTC' },
          { name, value },
        ],
        'spec.env',
        plaintextPassword,
      );
      assert.deepEqual(
        found.map((f) => [f.path, f.rule, f.severity]),
        [['spec.env[1].value', 'mariadb/plaintext-password', 'error']],
      );
      assert.ok(found[0]!.message.includes(name), 'names the variable');
      assert.ok(!found[0]!.message.includes(value), 'does not echo the value');
      assert.match(found[0]!.message, /valueFrom\.secretKeyRef/);
    });
  }

  const notFlagged: Array<[string, Record<string, unknown>]> = [
    ['a secretKeyRef', { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'galera-secret', key: 'password' } } }],
    ['an empty value', { name: 'MYSQL_ROOT_PASSWORD', value: '' }],
    ['a reference to another variable', { name: 'MYSQL_PASSWORD', value: '$(ROOT_PASSWORD)' }],
    ['a DSN whose password is a reference', { name: 'DATA_SOURCE_NAME', value: 'exporter:$(EXPORTER_PASSWORD)@(localhost:3306)/' }],
    ['a password file path', { name: 'MARIADB_ROOT_PASSWORD_FILE', value: '/run/secrets/root' }],
    ['a switch about passwords', { name: 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', value: 'yes' }],
    ['a random-password switch', { name: 'MARIADB_RANDOM_ROOT_PASSWORD', value: '1' }],
    ['the working directory', { name: 'PWD', value: '/app' }],
    ['a public key', { name: 'SSH_PUBLIC_KEY', value: 'ssh-ed25519 AAAA' }],
    ['a mounted key file', { name: 'MARIADB_SSL_KEY', value: '/etc/mysql/tls/tls.key' }],
    ['a Secret name', { name: 'SECRET_NAME', value: 'galera-secret' }],
    ['a host and port', { name: 'DISCOVERY_SERVICE', value: 'etcd-client:2379' }],
    ['a user name', { name: 'MYSQL_USER', value: 'myuser' }],
    ['a URL without credentials', { name: 'DATABASE_URL', value: 'mysql://db:3306/app' }],
  ];
  for (const [label, entry] of notFlagged) {
    it(`leaves ${label} alone`, () => {
      assert.deepEqual(paths([entry]), []);
    });
  }

  it('reports every plain-text credential of the severalnines StatefulSet, and nothing else', () => {
    const env = [
      { name: 'MYSQL_ROOT_PASSWORD', value: 'myrootpassword' },
      { name: 'DISCOVERY_SERVICE', value: 'etcd-client:2379' },
      { name: 'XTRABACKUP_PASSWORD', value: 'password' },
      { name: 'CLUSTER_NAME', value: 'mariadb_galera_ss' },
      { name: 'MYSQL_DATABASE', value: 'mydatabase' },
      { name: 'MYSQL_USER', value: 'myuser' },
      { name: 'MYSQL_PASSWORD', value: 'myuserpassword' },
    ];
    assert.deepEqual(paths(env, 'spec.template.spec.containers[0].env'), [
      'spec.template.spec.containers[0].env[0].value',
      'spec.template.spec.containers[0].env[2].value',
      'spec.template.spec.containers[0].env[6].value',
    ]);
  });

  it('does not throw on lists that are not env lists', () => {
    for (const input of [undefined, null, 'x', 3, {}, [null, 'x', 3, [], { name: 5, value: 'root:pw@host' }, { name: 'PASSWORD', value: 5 }]]) {
      assert.doesNotThrow(() => plaintextPasswordFindings(input, 'spec.env', plaintextPassword));
    }
    // A nameless entry is still reported, by index.
    assert.deepEqual(paths([{ value: 'root:pw@host' }]), ['spec.env[0].value']);
  });
});
