// The MariaDB rules that tie one field to another, written once as draft-07 `if`/`then` so that the tools
// which only speak JSON Schema refuse what the webhook would deny, before anything reaches a cluster: `helm
// install` of charts/mariadb-cluster (values.schema.json, checked by Helm's gojsonschema) and editors and
// kubeconform (the IDE schemas). Each mirrors mdbkit policy rules, and through them the operator's webhook
// (internal/webhook/v1alpha1/mariadb_webhook.go, api/v1alpha1 Storage.Validate and validateTLSCert) and CRD
// rules: never stricter than the operator, which allows an even Galera size with replicasAllowEvenNumber.
// Each `then` constrains the field the policy rule names, so Helm's error ("mariadb.spec.replicas: Must be
// less than or equal to 1") points at the value to change; the rule's message rides along as description.
import { mapSchema, type JSONSchema } from '../kinds/json-schema.js';

export interface CrossFieldRule {
  /** The mdbkit policy rules it mirrors (`mariadb/ha-single-replica`). */
  rules: readonly string[];
  /** What is wrong and what to do, for the schema's readers (description) and the tests. */
  message: string;
  /** A draft-07 schema over the kind's spec: an `if`/`then` (or an `allOf` of them). */
  schema: JSONSchema;
}

/** The largest spec.replicas the primary's podIndex is compared with: draft-07 cannot compare two fields, so each count is spelled out. */
export const POD_INDEX_REPLICAS_MAX = 9;

const TRUE: JSONSchema = { const: true };

/** The spec turns a high-availability method on (`enabled: true`; anything else, an empty `galera:` included, is off, as the operator reads it). */
function on(method: 'galera' | 'replication'): JSONSchema {
  return { required: [method], properties: { [method]: { type: 'object', required: ['enabled'], properties: { enabled: TRUE } } } };
}

const HA_ON: JSONSchema = { anyOf: [on('galera'), on('replication')] };

/** spec.replicas is written and at least `n` (unset means 1, as the operator reads it). */
function replicasAtLeast(n: number): JSONSchema {
  return { required: ['replicas'], properties: { replicas: { type: 'integer', minimum: n } } };
}

const EPHEMERAL: JSONSchema = { required: ['storage'], properties: { storage: { type: 'object', required: ['ephemeral'], properties: { ephemeral: TRUE } } } };

/** A field that must not be there (an always-false schema: Helm names the field). */
const ABSENT: JSONSchema = { not: {} };

/** `leaf` at a path below the spec; the objects on the way are typed, as ajv's strict mode (which checks the IDE schemas) wants. */
function at(path: string[], leaf: JSONSchema): JSONSchema {
  return path.reduceRight<JSONSchema>((inner, key, i) => ({ ...(i > 0 ? { type: 'object' } : {}), properties: { [key]: inner } }), leaf);
}

/** podIndex below spec.replicas, for each count up to POD_INDEX_REPLICAS_MAX and each method that is on. */
function podIndexBelowReplicas(): JSONSchema {
  const branches: JSONSchema[] = [];
  for (let replicas = 1; replicas <= POD_INDEX_REPLICAS_MAX; replicas++) {
    // `properties` alone also matches an unset spec.replicas, which the operator reads as 1.
    const count: JSONSchema =
      replicas === 1 ? { properties: { replicas: { const: 1 } } } : { required: ['replicas'], properties: { replicas: { const: replicas } } };
    branches.push({
      if: count,
      then: {
        allOf: (['galera', 'replication'] as const).map((method) => ({
          if: on(method),
          then: at([method, 'primary', 'podIndex'], { type: 'integer', maximum: replicas - 1 }),
        })),
      },
    });
  }
  return { allOf: branches };
}

/** Per TLS certificate (server, client) while spec.tls.enabled: a Secret or an issuer, and a Secret needs its CA. */
function tlsCertificates(check: 'issuer' | 'ca'): JSONSchema {
  return {
    allOf: ['server', 'client'].map((part) => ({
      if: { required: ['tls'], properties: { tls: { type: 'object', required: ['enabled', `${part}CertSecretRef`], properties: { enabled: TRUE } } } },
      then: check === 'issuer' ? at(['tls', `${part}CertIssuerRef`], ABSENT) : { properties: { tls: { type: 'object', required: [`${part}CASecretRef`] } } },
    })),
  };
}

/** The cross-field rules of a MariaDB (k8s.mariadb.com and enterprise.mariadb.com) spec. */
export const MARIADB_CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    rules: ['mariadb/galera-and-replication'],
    message: 'spec.galera.enabled and spec.replication.enabled cannot both be true: keep one high-availability method and set the other to false.',
    schema: { if: on('galera'), then: at(['replication', 'enabled'], { enum: [false] }) },
  },
  {
    rules: ['mariadb/replicas-without-ha'],
    message:
      'More than one replica needs spec.galera.enabled or spec.replication.enabled, else they are independent servers with different data: enable one, or set spec.replicas to 1.',
    schema: { if: { not: HA_ON }, then: at(['replicas'], { type: 'integer', maximum: 1 }) },
  },
  {
    rules: ['mariadb/ha-single-replica'],
    message: 'Galera or replication needs spec.replicas of at least 2: with one server there is nothing to fail over to.',
    schema: { if: HA_ON, then: replicasAtLeast(2) },
  },
  {
    rules: ['mariadb/galera-two-replicas', 'mariadb/galera-even-replicas'],
    message:
      'Galera needs an odd spec.replicas (3, 5, ...): an even cluster can split into halves where neither has quorum; set spec.replicasAllowEvenNumber: true to accept that risk.',
    schema: {
      if: { allOf: [on('galera'), { not: { required: ['replicasAllowEvenNumber'], properties: { replicasAllowEvenNumber: TRUE } } }] },
      then: at(['replicas'], { type: 'integer', not: { type: 'integer', multipleOf: 2 } }),
    },
  },
  {
    rules: ['mariadb/primary-pod-index-out-of-range'],
    message: `spec.galera.primary.podIndex and spec.replication.primary.podIndex must be below spec.replicas (checked here for up to ${POD_INDEX_REPLICAS_MAX} replicas; the webhook and mdbkit lint check any count).`,
    schema: podIndexBelowReplicas(),
  },
  {
    rules: ['mariadb/ephemeral-storage-ha'],
    message: 'spec.storage.ephemeral is only for a single replica without Galera or replication: an emptyDir is wiped when its pod restarts.',
    schema: { if: { anyOf: [on('galera'), on('replication'), replicasAtLeast(2)] }, then: at(['storage', 'ephemeral'], { enum: [false] }) },
  },
  {
    rules: ['mariadb/ephemeral-storage-with-size'],
    message:
      'spec.storage.ephemeral: true takes no spec.storage.size or volumeClaimTemplate (an emptyDir has no volume claim): remove them, or remove ephemeral.',
    schema: { if: EPHEMERAL, then: at(['storage'], { type: 'object', properties: { size: ABSENT, volumeClaimTemplate: ABSENT } }) },
  },
  {
    rules: ['mariadb/storage-size-required'],
    message: 'spec.storage needs size (such as 1Gi) or volumeClaimTemplate, unless it is ephemeral.',
    schema: {
      if: { not: EPHEMERAL },
      then: { required: ['storage'], properties: { storage: { type: 'object', anyOf: [{ required: ['size'] }, { required: ['volumeClaimTemplate'] }] } } },
    },
  },
  {
    rules: ['mariadb/tls-cert-and-issuer'],
    message:
      'With spec.tls.enabled, each certificate comes from a Secret (serverCertSecretRef, clientCertSecretRef) or from a cert-manager issuer (serverCertIssuerRef, clientCertIssuerRef), not both.',
    schema: tlsCertificates('issuer'),
  },
  {
    rules: ['mariadb/tls-cert-without-ca'],
    message:
      'With spec.tls.enabled, a certificate Secret (serverCertSecretRef, clientCertSecretRef) needs the Secret of the CA that signed it (serverCASecretRef, clientCASecretRef).',
    schema: tlsCertificates('ca'),
  },
  {
    rules: ['mariadb/pdb-one-of'],
    message: 'spec.podDisruptionBudget takes exactly one of minAvailable and maxUnavailable.',
    schema: at(['podDisruptionBudget'], { type: 'object', oneOf: [{ required: ['minAvailable'] }, { required: ['maxUnavailable'] }] }),
  },
  {
    rules: ['mariadb/root-empty-password-with-secret'],
    message:
      'spec.rootEmptyPassword: true contradicts spec.rootPasswordSecretKeyRef: remove rootEmptyPassword to keep the root password, or remove rootPasswordSecretKeyRef.',
    schema: { if: { required: ['rootPasswordSecretKeyRef'] }, then: at(['rootEmptyPassword'], { enum: [false] }) },
  },
];

/**
 * Each key a node requires also gets a (permissive) entry in its properties: ajv's strict mode, which the IDE
 * schemas are checked with, refuses `required` naming a property the same schema does not declare.
 */
function declareRequired(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    if (!Array.isArray(node.required)) return node;
    const properties = { ...(node.properties ?? {}) };
    for (const key of node.required) properties[key] ??= {};
    return { ...node, properties };
  });
}

/** The rules of a kind, by the group its policies name it by (schemas/<group>/) and its kind; none for most kinds. */
export function crossFieldRulesFor(kind: { sourceGroup: string; kind: string }): readonly CrossFieldRule[] {
  return kind.sourceGroup === 'enterprise.mariadb.com' && kind.kind === 'MariaDB' ? MARIADB_CROSS_FIELD_RULES : [];
}

/** A spec schema with the rules added to its `allOf`, each saying which mdbkit rules it mirrors and why. */
export function withCrossFieldRules(spec: JSONSchema, rules: readonly CrossFieldRule[]): JSONSchema {
  if (rules.length === 0) return spec;
  const entries = rules.map((r) => ({ $comment: `mirrors mdbkit rule ${r.rules.join(' and ')}`, description: r.message, ...declareRequired(r.schema) }));
  return { ...spec, allOf: [...(spec.allOf ?? []), ...entries] };
}
