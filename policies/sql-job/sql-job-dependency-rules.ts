// spec.dependsOn names SqlJobs of the same namespace that must complete first: the operator waits for each
// ("Dependency not found", then "not ready"), so a SqlJob that does not exist holds this one back forever
// unless it is created; a warning. A cluster that could not be asked is not judged.
import type { FieldError } from '../field-error.js';
import { arrayAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { SQL_JOB } from './sql-job-kind.js';

export const dependencyNotFound = defineRule({
  id: 'sqljob/dependency-not-found',
  kinds: [SQL_JOB],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.dependsOn names a SqlJob that does not exist in the namespace, or the SqlJob itself.',
  why: 'The operator waits for every dependency to complete: this SqlJob never runs while one is missing.',
  fix: 'Create the SqlJob it depends on, or correct or remove the entry of spec.dependsOn.',
  noCelTwin: 'looks the SqlJobs up in the cluster',
  async check({ object, spec, ctx, at }) {
    const dependsOn = arrayAt(spec, 'dependsOn');
    if (!dependsOn || dependsOn.length === 0) return { skipped: 'no spec.dependsOn' };
    const namespace = object.metadata?.namespace ?? ctx.namespace;
    const self = object.metadata?.name;
    const findings: FieldError[] = [];
    let unknown = false;
    for (const [i, entry] of dependsOn.entries()) {
      const name = stringAt(entry, 'name');
      if (name === undefined || name === '') continue;
      if (name === self) {
        findings.push(
          at(
            `spec.dependsOn[${i}].name`,
            `Invalid value: "${name}": a SqlJob cannot depend on itself: it would wait for its own completion forever; remove this entry`,
          ),
        );
        continue;
      }
      const found = await ctx.reader.get({ kind: 'SqlJob', namespace, name, group: ctx.group });
      if (found === 'unknown') unknown = true;
      else if (found === undefined) {
        findings.push(
          at(
            `spec.dependsOn[${i}].name`,
            `Not found: SqlJob "${name}" in namespace "${namespace}": this SqlJob waits for it and never runs until it exists and completes; create it, or correct the name`,
          ),
        );
      }
    }
    if (findings.length === 0 && unknown) return { skipped: 'the SqlJobs of spec.dependsOn could not be looked up' };
    return findings;
  },
});
