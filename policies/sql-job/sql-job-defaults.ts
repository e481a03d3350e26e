// A SqlJob's defaults, as the operator's CRD and SqlJob.SetDefaults / SetExternalDefaults apply them: retries,
// restart policy, the ServiceAccount the job runs as, and, with spec.affinity.antiAffinityEnabled, the
// anti-affinity that keeps the job's Pod off the nodes of the MariaDB's Pods (none for an ExternalMariaDB).
// spec.sqlConfigMapKeyRef is left unset: the operator creates the ConfigMap from spec.sql only while it is unset.
import { referencedDatabaseKind } from '../database-ref.js';
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, setDefault, stringAt } from '../object-fields.js';

function antiAffinity(mariadb: string) {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: [mariadb] }] },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  };
}

export function defaultSqlJob(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'backoffLimit', 5);
  setDefault(spec, 'restartPolicy', 'OnFailure');
  if (isObject(spec.schedule)) setDefault(spec.schedule, 'suspend', false);
  const name = stringAt(object.metadata, 'name');
  if (name) setDefault(spec, 'serviceAccountName', name);

  const ref = objectAt(spec, 'mariaDbRef');
  const mariadb = stringAt(ref, 'name');
  const affinity = objectAt(spec, 'affinity');
  if (affinity?.antiAffinityEnabled === true && mariadb && referencedDatabaseKind(ref) === 'MariaDB') {
    setDefault(affinity, 'podAntiAffinity', antiAffinity(mariadb));
  }
}
