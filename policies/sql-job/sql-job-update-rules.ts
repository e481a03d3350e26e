// What an UPDATE of a SqlJob cannot change: what it runs, as whom, where, and after which jobs; the operator's
// SqlJob webhook refuses it (the schedule, retries and history limits may change). In operator 25.10 the pull
// Secrets were tagged immutable too.
import { inmutable, inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';
import { SQL_JOB } from './sql-job-kind.js';

const NEW_JOB = 'create a new SqlJob with the new value (and delete this one)';

export const immutable = taggedImmutableRule({
  id: 'sqljob/immutable-field',
  kinds: [SQL_JOB],
  what: 'An UPDATE that changes what a SqlJob runs (spec.sql, its ConfigMap, spec.database), as whom, where, after which jobs, or how its Pod runs.',
  why: "The operator's SqlJob webhook refuses it: the Job or CronJob was built from these.",
  fix: 'Put the old value back, or create a new SqlJob with the new value and delete the old one.',
  fields: [
    inmutable('spec.mariaDbRef', NEW_JOB),
    inmutable('spec.username', NEW_JOB),
    inmutable('spec.passwordSecretKeyRef', `${NEW_JOB}; to change the password, change the Secret`),
    inmutable('spec.database', NEW_JOB),
    inmutable('spec.dependsOn', NEW_JOB),
    inmutable('spec.sql', `${NEW_JOB}; or keep the script in a ConfigMap (spec.sqlConfigMapKeyRef) and edit the ConfigMap`),
    inmutableInit('spec.sqlConfigMapKeyRef', `${NEW_JOB}; or edit the ConfigMap it names`),
    inmutable('spec.restartPolicy', NEW_JOB),
    inmutableInit('spec.serviceAccountName', NEW_JOB),
    inmutable('spec.priorityClassName', NEW_JOB),
    inmutableInit('spec.affinity.antiAffinityEnabled', NEW_JOB),
    inmutable('spec.imagePullSecrets', `operator 25.10 keeps the pull Secrets fixed: ${NEW_JOB}`, ['25.10']),
  ],
});
