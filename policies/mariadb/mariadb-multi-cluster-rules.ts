// A multi-cluster topology (operator 26 and later) replicates between MariaDBs in several Kubernetes clusters;
// each one lists every member, says which one is the primary, and keeps its own servers in step with Galera
// or replication. The operator refuses a spec.multiCluster it could not place this MariaDB in.
// (In operator 25.10 spec.multiCluster does not exist: the schema reports the field itself.)
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/mariadb_webhook.go (validateMultiCluster)
import { compareOperatorVersions } from '../../kinds/operator-versions.js';
import { arrayAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule.js';
import { enabled } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

/** spec.multiCluster when it is enabled and the operator version has it. */
function enabledMultiCluster(spec: JsonObject, ctx: PolicyContext): JsonObject | undefined {
  if (ctx.operatorVersion !== undefined && compareOperatorVersions(ctx.operatorVersion, '26.0') < 0) return undefined;
  const multiCluster = objectAt(spec, 'multiCluster');
  return multiCluster?.enabled === true ? multiCluster : undefined;
}

function memberNames(multiCluster: JsonObject): string[] {
  return (arrayAt(multiCluster, 'members') ?? []).flatMap((member) => stringAt(member, 'name') ?? []);
}

function namesText(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', ');
}

export const multiClusterWithoutHa = defineRule({
  id: 'mariadb/multi-cluster-without-ha',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.multiCluster.enabled is true while neither Galera nor replication is enabled.',
  why: 'The members of a multi-cluster topology replicate from each other; without Galera or replication the operator has nothing to connect them with, and refuses the MariaDB.',
  fix: 'Enable spec.replication (or spec.galera), or set spec.multiCluster.enabled to false.',
  check({ spec, ctx, at }) {
    if (!enabledMultiCluster(spec, ctx) || enabled(spec, 'galera') || enabled(spec, 'replication')) return [];
    return [
      at(
        'spec.multiCluster.enabled',
        'Invalid value: true: a multi-cluster topology needs spec.replication.enabled or spec.galera.enabled: enable one, or set spec.multiCluster.enabled to false',
      ),
    ];
  },
});

export const multiClusterPrimaryRequired = defineRule({
  id: 'mariadb/multi-cluster-primary-required',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.multiCluster.enabled is true without spec.multiCluster.primary.',
  why: 'Every member must know which cluster takes the writes; the operator refuses a topology without a primary.',
  fix: 'Set spec.multiCluster.primary to the name of the member that is the primary cluster.',
  check({ spec, ctx, at }) {
    const multiCluster = enabledMultiCluster(spec, ctx);
    if (!multiCluster || (stringAt(multiCluster, 'primary') ?? '') !== '') return [];
    return [
      at(
        'spec.multiCluster.primary',
        `Required value: spec.multiCluster.primary names the member that takes the writes: set it to one of spec.multiCluster.members (${namesText(memberNames(multiCluster))})`,
      ),
    ];
  },
});

export const multiClusterNotMember = defineRule({
  id: 'mariadb/multi-cluster-not-member',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.multiCluster.members has no member named like this MariaDB (metadata.name).',
  why: "The operator finds its own place in the topology by the MariaDB's name; when it is not a member, the operator refuses the MariaDB.",
  fix: "Add a member whose name is this MariaDB's metadata.name, or correct the member's name.",
  noCelTwin: 'it compares the members with metadata.name, which a CEL rule under spec cannot read',
  check({ object, spec, ctx, at }) {
    const multiCluster = enabledMultiCluster(spec, ctx);
    if (!multiCluster) return [];
    const name = stringAt(object.metadata, 'name');
    if (name === undefined) return { skipped: 'metadata.name is not set, so membership cannot be judged' };
    const names = memberNames(multiCluster);
    if (names.includes(name)) return [];
    return [
      at(
        'spec.multiCluster.members',
        `Invalid value: [${names.map((n) => JSON.stringify(n)).join(', ')}]: spec.multiCluster.members has no member named ${JSON.stringify(name)}, this MariaDB's metadata.name: add a member named ${JSON.stringify(name)}`,
      ),
    ];
  },
});

export const multiClusterPrimaryNotMember = defineRule({
  id: 'mariadb/multi-cluster-primary-not-member',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.multiCluster.primary names no member of spec.multiCluster.members.',
  why: "The operator reads the primary cluster's connection details from its member entry; without one it refuses the MariaDB.",
  fix: 'Set spec.multiCluster.primary to the name of a member, or add that member.',
  noCelTwin:
    "it compares primary with every member's name, and the operator's schema bounds neither the list nor the names: the API server's cost estimate for such a rule can exceed its budget and refuse the whole CRD",
  check({ spec, ctx, at }) {
    const multiCluster = enabledMultiCluster(spec, ctx);
    const primary = stringAt(multiCluster, 'primary');
    // An empty primary is mariadb/multi-cluster-primary-required: one mistake, one finding.
    if (!multiCluster || primary === undefined || primary === '') return [];
    const names = memberNames(multiCluster);
    if (names.includes(primary)) return [];
    return [
      at(
        'spec.multiCluster.primary',
        `Invalid value: ${JSON.stringify(primary)}: spec.multiCluster.primary names no member of spec.multiCluster.members (${namesText(names)}): add a member named ${JSON.stringify(primary)}, or set primary to one of them`,
      ),
    ];
  },
});
