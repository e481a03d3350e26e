// The settings under spec.galera that the operator's webhook refuses while Galera is enabled: values it
// cannot turn into a wsrep configuration, a recovery it could never run, an agent with two ways to log in.
// Judged only with spec.galera.enabled: true, as the operator ignores spec.galera otherwise.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/mariadb_webhook.go
// https://galeracluster.com/library/documentation/galera-parameters.html
import { isObject, numberAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { enabled, replicasOf, replicasText } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

/** spec.galera when Galera is enabled; the operator skips every Galera check otherwise. */
function enabledGalera(spec: JsonObject): JsonObject | undefined {
  return enabled(spec, 'galera') ? objectAt(spec, 'galera') : undefined;
}

/** spec.galera.recovery when Galera and its recovery are both enabled: the operator checks nothing else. */
function enabledRecovery(spec: JsonObject): JsonObject | undefined {
  const recovery = objectAt(enabledGalera(spec), 'recovery');
  return recovery?.enabled === true ? recovery : undefined;
}

/** The provider option the operator sets itself: each pod's own address for incremental state transfers. */
const IST_RECV_ADDR = 'ist.recv_addr';

export const galeraReplicaThreadsNegative = defineRule({
  id: 'mariadb/galera-replica-threads-negative',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.galera.replicaThreads is below 0.',
  why: 'It becomes wsrep_slave_threads, a count of applier threads; the operator refuses a negative count (0 lets it choose 1).',
  fix: 'Set spec.galera.replicaThreads to 1 or more (or remove it).',
  check({ spec, at }) {
    const threads = numberAt(enabledGalera(spec), 'replicaThreads');
    if (threads === undefined || threads >= 0) return [];
    return [
      at(
        'spec.galera.replicaThreads',
        `Invalid value: ${threads}: spec.galera.replicaThreads is a number of applier threads and cannot be negative: set it to 1 or more, or remove it`,
      ),
    ];
  },
});

export const galeraProviderOptionsIstRecvAddr = defineRule({
  id: 'mariadb/galera-provider-options-ist-recv-addr',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.galera.providerOptions sets ist.recv_addr.',
  why: "The operator sets ist.recv_addr to each pod's own address; one value shared by every pod would send incremental state transfers to the wrong node.",
  fix: 'Remove ist.recv_addr from spec.galera.providerOptions.',
  pointsAtKey: true,
  check({ spec, at }) {
    const options = objectAt(enabledGalera(spec), 'providerOptions');
    if (!options || !Object.hasOwn(options, IST_RECV_ADDR)) return [];
    return [
      at(
        `spec.galera.providerOptions[${IST_RECV_ADDR}]`,
        `Forbidden: spec.galera.providerOptions cannot set ${IST_RECV_ADDR}, which the operator sets to each pod's own address: remove the key`,
      ),
    ];
  },
});

export const galeraAgentTwoAuthMethods = defineRule({
  id: 'mariadb/galera-agent-two-auth-methods',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.galera.agent enables both kubernetesAuth and basicAuth.',
  why: 'The Galera agent accepts one way of authenticating the operator; the operator refuses a MariaDB whose agent has two.',
  fix: 'Keep kubernetesAuth.enabled or basicAuth.enabled, and set the other to false (or remove it).',
  check({ spec, at }) {
    const agent = objectAt(enabledGalera(spec), 'agent');
    if (objectAt(agent, 'kubernetesAuth')?.enabled !== true || objectAt(agent, 'basicAuth')?.enabled !== true) return [];
    return [
      at(
        'spec.galera.agent.basicAuth.enabled',
        'Forbidden: spec.galera.agent.kubernetesAuth.enabled and spec.galera.agent.basicAuth.enabled are both true, but the agent takes one authentication method: set one of them to false',
      ),
    ];
  },
});

/** An int-or-string the operator reads as a percentage: digits (with an optional sign) and `%`, as Go's Atoi takes them. */
const PERCENTAGE = /^[+-]?\d+%$/;

export const galeraMinClusterSizeNotPercentage = defineRule({
  id: 'mariadb/galera-min-cluster-size-not-percentage',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.galera.recovery.minClusterSize is a string that is not a percentage (such as "2" or "half").',
  why: 'The operator reads a string as a percentage of spec.replicas and refuses anything else, so a quoted number is not accepted.',
  fix: 'Write a number of pods without quotes (minClusterSize: 1), or a percentage such as "50%".',
  check({ spec, at }) {
    const value = enabledRecovery(spec)?.minClusterSize;
    if (typeof value !== 'string' || PERCENTAGE.test(value)) return [];
    return [
      at(
        'spec.galera.recovery.minClusterSize',
        `Invalid value: ${JSON.stringify(value)}: spec.galera.recovery.minClusterSize is a number of pods or a percentage: write it unquoted (such as 1) or as a percentage (such as "50%")`,
      ),
    ];
  },
});

export const galeraMinClusterSizeOutOfRange = defineRule({
  id: 'mariadb/galera-min-cluster-size-out-of-range',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.galera.recovery.minClusterSize is a number below 0 or above spec.replicas.',
  why: 'The cluster could never hold that many pods, so the operator would see it as unhealthy forever and keep recovering it; the operator refuses the value.',
  fix: 'Set minClusterSize between 0 and spec.replicas; 1 is recommended.',
  check({ spec, at }) {
    const size = numberAt(enabledRecovery(spec), 'minClusterSize');
    const replicas = replicasOf(spec);
    if (size === undefined || replicas === undefined || (size >= 0 && size <= replicas)) return [];
    // 1 is the default: with no replica at all, the count is the mistake (mariadb/ha-single-replica says so).
    if (size === 1 && replicas < 1) return [];
    const bound = size < 0 ? 'is negative' : `is above spec.replicas (${replicasText(spec, replicas)})`;
    return [
      at(
        'spec.galera.recovery.minClusterSize',
        `Invalid value: ${size}: spec.galera.recovery.minClusterSize ${bound}: set it between 0 and ${replicas}; 1 is recommended`,
      ),
    ];
  },
});

/** Why a pod name is not one of the MariaDB's pods, as the operator reads it; undefined when it is one. */
function unknownPodReason(podName: string, mariadbName: string, replicas: number): string | undefined {
  const last = podName.split('-').pop() ?? '';
  if (!/^[+-]?\d+$/.test(last)) return `it does not end in a pod index (such as ${mariadbName || '<name>'}-0)`;
  const index = Number(last);
  const range = replicas > 0 ? `pods are numbered 0 to ${replicas - 1}` : 'there are no pods';
  if (index < 0 || index >= replicas) return `index ${index} is out of range for spec.replicas ${replicas} (${range})`;
  if (!podName.startsWith(mariadbName)) return `it does not start with the MariaDB's name ${mariadbName}`;
  return undefined;
}

export const galeraForceBootstrapPodUnknown = defineRule({
  id: 'mariadb/galera-force-bootstrap-pod-unknown',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.galera.recovery.forceClusterBootstrapInPod names a pod that is not one of the MariaDB pods.',
  why: 'The operator can only bootstrap the cluster in one of its own pods (<name>-0 to <name>-<replicas-1>); it refuses any other name.',
  fix: 'Name one of the pods, such as <name>-0 (the one with the highest sequence number), or remove the field.',
  noCelTwin: 'the pod name must start with metadata.name, which a CEL rule under spec cannot read, and its index must be parsed from the name',
  check({ object, spec, at }) {
    const pod = stringAt(enabledRecovery(spec), 'forceClusterBootstrapInPod');
    const replicas = replicasOf(spec);
    if (pod === undefined || replicas === undefined || replicas < 0) return [];
    const name = isObject(object.metadata) ? (stringAt(object.metadata, 'name') ?? '') : '';
    const reason = unknownPodReason(pod, name, replicas);
    if (reason === undefined) return [];
    const example = name !== '' && replicas > 0 ? `${name}-0 to ${name}-${replicas - 1}` : 'one of the MariaDB pods';
    return [
      at(
        'spec.galera.recovery.forceClusterBootstrapInPod',
        `Invalid value: ${JSON.stringify(pod)}: spec.galera.recovery.forceClusterBootstrapInPod is not one of the MariaDB pods: ${reason}: name one of ${example}, or remove the field`,
      ),
    ];
  },
});
