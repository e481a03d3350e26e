// What the operator cannot know when a Connection is applied: whether the MariaDB or MaxScale it refers to
// exists. The operator waits for a missing target, so these are warnings; a target the cluster could not be
// asked about is not judged.
import type { FieldError } from '../field-error.js';
import { defineRule } from '../rule.js';
import { CONNECTION } from './connection-kind.js';
import { lookUp, referencesOf } from './connection-target.js';

export const referenceMissing = defineRule({
  id: 'connection/reference-missing',
  kinds: [CONNECTION],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.mariaDbRef or spec.maxScaleRef names an object that does not exist.',
  why: 'The operator waits for it: the Connection stays not ready and its Secret is never written (fine if you create the target next).',
  fix: 'Create the MariaDB or MaxScale, or correct the name and namespace of the reference.',
  noCelTwin: 'looks the target up in the cluster',
  async check({ spec, ctx, at }) {
    const targets = referencesOf(spec, ctx);
    if (targets.length === 0) return { skipped: 'no spec.mariaDbRef or spec.maxScaleRef to look up' };
    const findings: FieldError[] = [];
    let unknown = false;
    for (const target of targets) {
      const found = await lookUp(ctx.reader, target, ctx.group);
      // 'unknown' says nothing about existence; the defaults already warned that the port was not set.
      if (found === 'unknown') unknown = true;
      else if (found === undefined) {
        findings.push(
          at(
            `spec.${target.field}.name`,
            `Not found: ${target.kind} "${target.name}" in namespace "${target.namespace}": the Connection stays not ready until it exists; create it, or correct spec.${target.field}`,
          ),
        );
      }
    }
    if (findings.length === 0 && unknown) return { skipped: 'the target of the Connection could not be looked up' };
    return findings;
  },
});

/** Reported by the defaults, which could not take spec.port from the target. */
export const referenceUnresolved = defineRule({
  id: 'connection/reference-unresolved',
  kinds: [CONNECTION],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  reportedBy: 'defaults',
  what: 'The MariaDB, ExternalMariaDB or MaxScale a Connection refers to could not be looked up, so spec.host or spec.port was not defaulted.',
  why: 'Without them the Connection would use a guess; mdbkit leaves them to the operator rather than write a wrong default.',
  fix: 'Set spec.host and spec.port explicitly (a MaxScale listener port, or the MariaDB port), or run where the cluster can be read.',
});
