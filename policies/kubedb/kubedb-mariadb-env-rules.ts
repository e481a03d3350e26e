// Credentials in the env of the pods KubeDB runs for a MariaDB (the database, its MaxScale, its exporter):
// KubeDB owns the root credentials and rejects the variables that would set them, and any other password
// written as a literal value is readable by whoever can read the MariaDB, its PetSet or its pods.
// https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_webhook.go (mariaDBforbiddenEnvVars)
import { valueAtPath } from '../immutable-fields.js';
import { arrayAt, isObject, objectAt, type JsonObject } from '../object-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import { defineRule } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';

/** Variables KubeDB's webhook forbids in spec.podTemplate.spec.containers (mariaDBforbiddenEnvVars). */
const FORBIDDEN_ENV = new Set(['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'MYSQL_ONETIME_PASSWORD']);

interface EnvList {
  path: string;
  env: unknown[];
  /** KubeDB checks the forbidden variables in the database's containers only. */
  checkForbidden: boolean;
}

/** Every env list whose variables reach a pod KubeDB runs for this MariaDB, with its path. */
function envLists(spec: JsonObject): EnvList[] {
  const out: Array<{ path: string; env: unknown; checkForbidden: boolean }> = [];
  const templates = [
    { base: 'spec.podTemplate', template: objectAt(spec, 'podTemplate'), database: true },
    { base: 'spec.topology.maxscale.podTemplate', template: objectAt(objectAt(objectAt(spec, 'topology'), 'maxscale'), 'podTemplate'), database: false },
  ];
  for (const { base, template, database } of templates) {
    for (const list of ['containers', 'initContainers']) {
      (arrayAt(objectAt(template, 'spec'), list) ?? []).forEach((container, i) => {
        if (isObject(container)) out.push({ path: `${base}.spec.${list}[${i}].env`, env: container.env, checkForbidden: database && list === 'containers' });
      });
    }
  }
  out.push({ path: 'spec.monitor.prometheus.exporter.env', env: valueAtPath(spec, 'monitor.prometheus.exporter.env'), checkForbidden: false });
  // An env that is not a list is the schema's finding.
  return out.filter((list): list is EnvList => Array.isArray(list.env));
}

function isForbidden(list: EnvList, entry: unknown): entry is JsonObject {
  return list.checkForbidden && isObject(entry) && typeof entry.name === 'string' && FORBIDDEN_ENV.has(entry.name);
}

export const forbiddenEnv = defineRule({
  id: 'kubedb/forbidden-env',
  noCelTwin:
    "runs over every env entry of every container, lists Kubernetes and KubeDB leave unbounded: the API server's cost estimate for that nested loop exceeds a CRD's CEL budget",
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'A container of spec.podTemplate sets MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD or MYSQL_ONETIME_PASSWORD.',
  why: 'KubeDB manages the root credentials itself and rejects these variables in any form, value or secretKeyRef ("environment variable MYSQL_ROOT_PASSWORD is forbidden to use in MariaDB spec").',
  fix: 'Remove the variable; put the root credentials in a Secret (keys user and password) and name it in spec.authSecret.',
  check({ spec, at }) {
    return envLists(spec).flatMap((list) =>
      list.env.flatMap((entry, i) => {
        if (!isForbidden(list, entry)) return [];
        const plain = typeof entry.value === 'string' && entry.value !== '' ? ', and its value is a plain-text credential (value not shown)' : '';
        return [
          at(
            `${list.path}[${i}].name`,
            `Forbidden: environment variable ${String(entry.name)} is forbidden to use in MariaDB spec${plain}: KubeDB manages the root credentials: remove it and put them in a Secret named in spec.authSecret`,
          ),
        ];
      }),
    );
  },
});

export const plaintextPassword = defineRule({
  id: 'kubedb/plaintext-password',
  noCelTwin:
    "a heuristic of several regular expressions over every env name and value of every container: over lists and strings Kubernetes leaves unbounded, beyond a CRD's CEL cost budget",
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An env variable of the MariaDB, exporter or MaxScale containers holds a credential as a literal value.',
  why: 'Anyone who can read the MariaDB, its PetSet or its pods (or the Git repository it comes from) can read the password.',
  fix: 'Store it in a Secret and use valueFrom.secretKeyRef; for the root password use spec.authSecret.',
  check({ spec, at }) {
    // One mistake, one finding: a forbidden variable is kubedb/forbidden-env's, whatever its value.
    return envLists(spec).flatMap((list) =>
      plaintextPasswordFindings(
        list.env.map((entry) => (isForbidden(list, entry) ? undefined : entry)),
        list.path,
        { at },
      ),
    );
  },
});
