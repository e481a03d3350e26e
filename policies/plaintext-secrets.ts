// Passwords written as plain env values end up readable by anyone who can `get` the custom resource,
// the StatefulSet or the pod (and in `last-applied-configuration`, Git, CI logs). Kubernetes' answer is
// `valueFrom.secretKeyRef`: https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
// Generic over any `env` list (MariaDB, KubeDB, the Galera operator): a rule passes its own `at` (or itself).
import type { FieldError } from './field-error.js';
import { isObject } from './object-fields.js';
import type { Rule } from './rule.js';

// Last word of the name that marks a credential: MYSQL_ROOT_PASSWORD, DB_PASSWD, API_TOKEN, AWS_SECRET_ACCESS_KEY.
const CREDENTIAL_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS']);
// Glued forms: ROOTPASSWORD, MYSQLPWD.
const CREDENTIAL_SUFFIX = /(PASSWORD|PASSWD|PWD)$/;
// Names that are not credentials although they end like one: the shell's working directories.
const NOT_CREDENTIALS = new Set(['PWD', 'OLDPWD']);
// Words that make the variable a switch about a password, not a password: MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=yes,
// MARIADB_RANDOM_ROOT_PASSWORD=1. A public key is not a secret.
const FLAG_WORDS = new Set(['ALLOW', 'EMPTY', 'RANDOM', 'GENERATE', 'SKIP', 'DISABLE', 'DISABLED', 'ENABLE', 'ENABLED', 'PUBLIC']);

// user:password@host, as in mysqld-exporter's DATA_SOURCE_NAME (root:test@(localhost:3306)/) or a URL.
const USERINFO_PASSWORD = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s:/@]+:([^\s@]+)@/;
// A mounted file's path (MARIADB_SSL_KEY=/etc/mysql/tls/tls.key) names a secret, it is not one.
const ABSOLUTE_PATH = /^\/[^\s:@]*$/;
// $(VAR) is expanded by the kubelet from another variable, which can itself come from a Secret.
const ONLY_VARIABLE_REFERENCES = /^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;

/** Whether an env variable's name says it holds a credential. */
export function isCredentialName(name: string): boolean {
  const upper = name.toUpperCase();
  if (NOT_CREDENTIALS.has(upper)) return false;
  const words = upper.split(/[^A-Z0-9]+/).filter((w) => w !== '');
  const last = words[words.length - 1];
  if (last === undefined) return false;
  // Only the last word counts: MARIADB_ROOT_PASSWORD_FILE holds a path, SECRET_NAME a name.
  if (!CREDENTIAL_WORDS.has(last) && !CREDENTIAL_SUFFIX.test(last)) return false;
  return !words.some((w) => FLAG_WORDS.has(w));
}

/** Whether a value is nothing but references to other variables: `$(ROOT_PASSWORD)`. */
function isOnlyReferences(value: string): boolean {
  return ONLY_VARIABLE_REFERENCES.test(value);
}

function embeddedPassword(value: string): boolean {
  const password = USERINFO_PASSWORD.exec(value)?.[1];
  return password !== undefined && !isOnlyReferences(password);
}

/**
 * Findings at `<basePath>[i].value` for env entries that carry a credential as a literal value: a
 * credential-named variable with a non-empty value, or any value with `user:password@` in it.
 * Messages name the variable, never its value.
 */
export function plaintextPasswordFindings(envList: unknown, basePath: string, rule: Pick<Rule, 'at'>): FieldError[] {
  if (!Array.isArray(envList)) return [];
  const findings: FieldError[] = [];
  envList.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const { name, value } = entry;
    if (typeof value !== 'string' || value === '' || isOnlyReferences(value) || ABSOLUTE_PATH.test(value)) return;
    const label = typeof name === 'string' && name !== '' ? name : `#${index}`;
    const path = `${basePath}[${index}].value`;
    if (typeof name === 'string' && isCredentialName(name)) {
      findings.push(
        rule.at(
          path,
          `Forbidden: env ${label} holds a plain-text credential (value not shown), readable by anyone who can read this object or its pods: ` +
            `put it in a Secret and use valueFrom.secretKeyRef instead of value`,
        ),
      );
    } else if (embeddedPassword(value)) {
      findings.push(
        rule.at(
          path,
          `Forbidden: env ${label} embeds a password in user:password@ form (value not shown), readable by anyone who can read this object or its pods: ` +
            `take the password from a variable that uses valueFrom.secretKeyRef and write $(THAT_VARIABLE) in its place, or take the whole value from a Secret`,
        ),
      );
    }
  });
  return findings;
}
