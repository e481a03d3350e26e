// What the operator's Connection webhook rejects (a target and credentials are required), plus what it
// cannot know when the resource is applied: whether the referenced MariaDB or MaxScale exists.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/connection_webhook.go
// Its "invalid duration" check of spec.healthCheck is not repeated: the schema's Duration pattern
// already rejects what time.ParseDuration would.
import type { ClusterReader } from '../cluster-reader.js';
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule-catalog.js';

export const referenceRequired = defineRule({
  id: 'connection/reference-required',
  severity: 'error',
  what: 'Neither spec.mariaDbRef nor spec.maxScaleRef is set.',
  why: 'The operator has nothing to connect to; it rejects the Connection and no Secret is written.',
  fix: 'Set spec.mariaDbRef to connect to a MariaDB, or spec.maxScaleRef to connect through a MaxScale.',
  reason: 'FieldValueRequired',
});

export const referencesExclusive = defineRule({
  id: 'connection/references-exclusive',
  severity: 'error',
  what: 'Both spec.mariaDbRef and spec.maxScaleRef are set.',
  why: 'A Connection goes to one place; the operator rejects it rather than pick one.',
  fix: 'Keep spec.maxScaleRef to connect through MaxScale, or spec.mariaDbRef to connect to MariaDB directly.',
  reason: 'FieldValueForbidden',
});

export const credentialsRequired = defineRule({
  id: 'connection/credentials-required',
  severity: 'error',
  what: 'Neither spec.passwordSecretKeyRef nor spec.tlsClientCertSecretRef is set.',
  why: 'The connection has no way to authenticate; the operator rejects it and applications get no Secret.',
  fix: 'Set spec.passwordSecretKeyRef to the Secret key holding the user\'s password, or spec.tlsClientCertSecretRef for a client certificate.',
  reason: 'FieldValueRequired',
});

export const referenceMissing = defineRule({
  id: 'connection/reference-missing',
  severity: 'warning',
  what: 'spec.mariaDbRef or spec.maxScaleRef names an object that does not exist.',
  why: 'The operator waits for it: the Connection stays not ready and its Secret is never written (fine if you create the target next).',
  fix: 'Create the MariaDB or MaxScale, or correct the name and namespace of the reference.',
  reason: 'FieldValueNotFound',
});

export const referenceUnresolved = defineRule({
  id: 'connection/reference-unresolved',
  severity: 'warning',
  what: 'The MariaDB or MaxScale a Connection refers to could not be looked up, so spec.port was not defaulted.',
  why: 'Without its port the Connection would use a guess; mdbkit leaves it to the operator rather than write a wrong default.',
  fix: 'Set spec.port explicitly (a MaxScale listener port, or the MariaDB port), or run where the cluster can be read.',
  reason: 'FieldValueNotFound',
});

/** The one object a Connection targets; undefined when there is none, two, or a mistyped reference. */
export interface ConnectionTarget {
  kind: 'MariaDB' | 'MaxScale';
  field: 'mariaDbRef' | 'maxScaleRef';
  name: string;
  namespace: string;
}

const REFERENCES = [
  { field: 'mariaDbRef', kind: 'MariaDB' },
  { field: 'maxScaleRef', kind: 'MaxScale' },
] as const;

function referencesOf(spec: JsonObject, ctx: PolicyContext): ConnectionTarget[] {
  const out: ConnectionTarget[] = [];
  for (const { field, kind } of REFERENCES) {
    const ref = objectAt(spec, field);
    const name = stringAt(ref, 'name');
    if (name !== undefined) out.push({ kind, field, name, namespace: stringAt(ref, 'namespace') ?? ctx.namespace });
  }
  return out;
}

export function connectionTarget(spec: JsonObject, ctx: PolicyContext): ConnectionTarget | undefined {
  if (spec.mariaDbRef !== undefined && spec.maxScaleRef !== undefined) return undefined;
  const [target] = referencesOf(spec, ctx);
  return target;
}

/** The reader's answer; a reader that throws counts as one that could not ask the cluster. */
export async function lookUp(reader: ClusterReader, target: ConnectionTarget, group?: string): Promise<KubeObject | undefined | 'unknown'> {
  try {
    return await reader.get({ kind: target.kind, namespace: target.namespace, name: target.name, ...(group ? { group } : {}) });
  } catch {
    return 'unknown';
  }
}

export async function connectionFindings(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = objectAt(object, 'spec');
  if (!spec) return [];
  const findings: FieldError[] = [];
  if (spec.mariaDbRef === undefined && spec.maxScaleRef === undefined) {
    findings.push(
      referenceRequired.at('spec.mariaDbRef', 'Required value: set spec.mariaDbRef (connect to a MariaDB) or spec.maxScaleRef (connect through a MaxScale)'),
    );
  } else if (spec.mariaDbRef !== undefined && spec.maxScaleRef !== undefined) {
    findings.push(
      referencesExclusive.at(
        'spec.maxScaleRef',
        'Forbidden: spec.mariaDbRef and spec.maxScaleRef cannot both be set: keep spec.maxScaleRef to go through MaxScale, or spec.mariaDbRef to reach MariaDB directly',
      ),
    );
  }
  if (spec.passwordSecretKeyRef === undefined && spec.tlsClientCertSecretRef === undefined) {
    findings.push(
      credentialsRequired.at(
        'spec.passwordSecretKeyRef',
        'Required value: set spec.passwordSecretKeyRef (the Secret key with the password of spec.username) or spec.tlsClientCertSecretRef (a client certificate)',
      ),
    );
  }
  for (const target of referencesOf(spec, ctx)) {
    // 'unknown' says nothing about existence; defaulting already warned that the port was not set.
    if ((await lookUp(ctx.reader, target, ctx.group)) !== undefined) continue;
    findings.push(
      referenceMissing.at(
        `spec.${target.field}.name`,
        `Not found: ${target.kind} "${target.name}" in namespace "${target.namespace}": the Connection stays not ready until it exists; create it, or correct spec.${target.field}`,
      ),
    );
  }
  return findings;
}
