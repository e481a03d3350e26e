// The KubeSlice SliceConfig (controller.kubeslice.io/v1alpha1) that connects the pods of a distributed KubeDB
// database across clusters. Defaults are the CRD's own (kubebuilder:default); the rules are what the
// KubeSlice controller's webhook rejects, so a manifest fails in review rather than at apply time:
// https://github.com/kubeslice/kubeslice-controller/blob/master/service/slice_config_webhook_validation.go
// (checks that need the cluster, such as registered clusters and CNI subnet overlaps, are left to it).
import type { FieldError } from '../field-error.js';
import { immutableMessage, valueAtPath } from '../immutable-fields.js';
import type { KindPolicy } from '../kind-policy.js';
import { cloneJson, type KubeObject } from '../kube-object.js';
import { arrayAt, isObject, numberAt, objectAt, setDefault, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule-catalog.js';
import { immutableField } from './kubedb-mariadb-rules.js';
import { SLICE_CONFIG_GROUP } from './placement-policy-policy.js';

export const sliceSubnetInvalid = defineRule({
  id: 'kubedb/slice-subnet-invalid',
  severity: 'error',
  what: 'spec.sliceSubnet is not a private /16 network ending in .0.0 (such as 10.1.0.0/16).',
  why: 'The KubeSlice controller rejects the SliceConfig ("must be a private subnet", "prefix must be 16", "third and fourth octets must be 0"), and the subnet cannot change later.',
  fix: 'Use a private /16 that overlaps none of the clusters\' pod and Service networks, such as 10.1.0.0/16.',
  reason: 'FieldValueInvalid',
});

export const sliceDuplicateCluster = defineRule({
  id: 'kubedb/slice-duplicate-cluster',
  severity: 'error',
  what: 'spec.clusters lists a cluster twice.',
  why: 'The KubeSlice controller rejects the SliceConfig (Duplicate value).',
  fix: 'List each cluster once.',
  reason: 'FieldValueDuplicate',
});

export const sliceTooManyClusters = defineRule({
  id: 'kubedb/slice-too-many-clusters',
  severity: 'error',
  what: 'spec.clusters lists more clusters than spec.maxClusters (16 by default).',
  why: 'maxClusters sizes each cluster\'s share of sliceSubnet: the clusters beyond it get no subnet and their pods no slice network.',
  fix: 'Raise spec.maxClusters (up to 32) when you create the slice, or list fewer clusters.',
  reason: 'FieldValueTooMany',
});

export const sliceQosProfileRequired = defineRule({
  id: 'kubedb/slice-qos-profile-required',
  severity: 'error',
  what: 'Neither or both of spec.qosProfileDetails and spec.standardQosProfileName are set.',
  why: 'The KubeSlice controller needs exactly one QoS profile ("Either StandardQosProfileName or QosProfileDetails is required"; "cannot be set when QosProfileDetails is set").',
  fix: 'Set spec.qosProfileDetails (queueType, priority, tcType, bandwidths, dscpClass) or name a SliceQoSConfig in spec.standardQosProfileName, not both.',
  reason: 'FieldValueRequired',
});

export const sliceBandwidthGuaranteeAboveCeiling = defineRule({
  id: 'kubedb/slice-bandwidth-guarantee-above-ceiling',
  severity: 'error',
  what: 'spec.qosProfileDetails.bandwidthGuaranteedKbps is above bandwidthCeilingKbps.',
  why: 'A guarantee above the ceiling cannot be met; the KubeSlice controller rejects it ("BandwidthGuaranteedKbps cannot be greater than BandwidthCeilingKbps").',
  fix: 'Lower bandwidthGuaranteedKbps or raise bandwidthCeilingKbps.',
  reason: 'FieldValueInvalid',
});

export const sliceUnknownCluster = defineRule({
  id: 'kubedb/slice-unknown-cluster',
  severity: 'error',
  what: 'A namespace selection or external gateway names a cluster that is not in spec.clusters, or * beside other clusters.',
  why: 'The KubeSlice controller rejects it ("Cluster is not participating in slice config", "Other clusters are not allowed when * is present").',
  fix: 'Add the cluster to spec.clusters, correct its name, or use * alone for every cluster.',
  reason: 'FieldValueInvalid',
});

// 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918), as KubeSlice's util.IsPrivateSubnet.
function isPrivate(a: number, b: number): boolean {
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function subnetFindings(spec: JsonObject): FieldError[] {
  const subnet = spec.sliceSubnet;
  const path = 'spec.sliceSubnet';
  if (subnet === undefined) return [sliceSubnetInvalid.at(path, 'Required value: set a private /16 slice network, such as 10.1.0.0/16')];
  const match = typeof subnet === 'string' ? CIDR.exec(subnet) : null;
  // Anything that is not an IPv4 CIDR is the schema's finding.
  if (!match) return [];
  const [a, b, c, d, prefix] = match.slice(1).map(Number) as [number, number, number, number, number];
  const problems: string[] = [];
  if (!isPrivate(a, b)) problems.push('must be a private network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)');
  if (prefix !== 16) problems.push('prefix must be 16');
  if (c !== 0 || d !== 0) problems.push('third and fourth octets must be 0');
  if (problems.length === 0) return [];
  const suggestion = isPrivate(a, b) ? `${a}.${b}.0.0/16` : '10.1.0.0/16';
  return [sliceSubnetInvalid.at(path, `Invalid value: "${subnet}": ${problems.join(', ')}: use a network such as ${suggestion}`)];
}

function clusterListFindings(spec: JsonObject): FieldError[] {
  const findings: FieldError[] = [];
  const clusters = arrayAt(spec, 'clusters') ?? [];
  const seen = new Set<unknown>();
  clusters.forEach((cluster, i) => {
    if (seen.has(cluster)) findings.push(sliceDuplicateCluster.at(`spec.clusters[${i}]`, `Duplicate value: "${String(cluster)}": list each cluster once`));
    seen.add(cluster);
  });
  const max = spec.maxClusters === undefined ? 16 : numberAt(spec, 'maxClusters');
  if (max !== undefined && seen.size > max) {
    const shown = spec.maxClusters === undefined ? `${max} (the default)` : String(max);
    findings.push(
      sliceTooManyClusters.at(
        'spec.clusters',
        `Too many: ${seen.size}: must have at most ${shown} clusters (spec.maxClusters), or the clusters beyond get no share of sliceSubnet: raise spec.maxClusters (up to 32) or list fewer clusters`,
      ),
    );
  }
  return findings;
}

/** Cluster lists that must name members of the slice (or * alone). */
function referencedClusterLists(spec: JsonObject): Array<{ path: string; clusters: unknown[] }> {
  const out: Array<{ path: string; clusters: unknown[] }> = [];
  const profile = objectAt(spec, 'namespaceIsolationProfile');
  for (const list of ['applicationNamespaces', 'allowedNamespaces']) {
    (arrayAt(profile, list) ?? []).forEach((selection, i) => {
      const clusters = arrayAt(selection, 'clusters');
      if (clusters) out.push({ path: `spec.namespaceIsolationProfile.${list}[${i}].clusters`, clusters });
    });
  }
  (arrayAt(spec, 'externalGatewayConfig') ?? []).forEach((config, i) => {
    const clusters = arrayAt(config, 'clusters');
    if (clusters) out.push({ path: `spec.externalGatewayConfig[${i}].clusters`, clusters });
  });
  return out;
}

function unknownClusterFindings(spec: JsonObject): FieldError[] {
  const members = new Set(arrayAt(spec, 'clusters') ?? []);
  const findings: FieldError[] = [];
  for (const { path, clusters } of referencedClusterLists(spec)) {
    if (clusters.includes('*') && clusters.length > 1) {
      findings.push(sliceUnknownCluster.at(path, `Invalid value: ${clusters.map((c) => `"${String(c)}"`).join(', ')}: other clusters are not allowed when * is present: use * alone, or list the clusters`));
      continue;
    }
    clusters.forEach((cluster, i) => {
      if (typeof cluster === 'string' && cluster !== '*' && !members.has(cluster)) {
        findings.push(sliceUnknownCluster.at(`${path}[${i}]`, `Invalid value: "${cluster}": cluster is not participating in the slice: add it to spec.clusters, or correct the name`));
      }
    });
  }
  return findings;
}

function qosFindings(spec: JsonObject): FieldError[] {
  const details = spec.qosProfileDetails;
  const standard = stringAt(spec, 'standardQosProfileName');
  const findings: FieldError[] = [];
  if (details === undefined && (standard === undefined || standard === '')) {
    findings.push(sliceQosProfileRequired.at('spec.qosProfileDetails', 'Required value: set spec.qosProfileDetails, or name a SliceQoSConfig in spec.standardQosProfileName'));
  } else if (details !== undefined && standard !== undefined && standard !== '') {
    findings.push(sliceQosProfileRequired.at('spec.standardQosProfileName', 'Forbidden: standardQosProfileName cannot be set when qosProfileDetails is set: keep one of them'));
  }
  const ceiling = numberAt(details, 'bandwidthCeilingKbps');
  const guaranteed = numberAt(details, 'bandwidthGuaranteedKbps');
  if (ceiling !== undefined && guaranteed !== undefined && guaranteed > ceiling) {
    findings.push(
      sliceBandwidthGuaranteeAboveCeiling.at(
        'spec.qosProfileDetails.bandwidthGuaranteedKbps',
        `Invalid value: ${guaranteed}: bandwidthGuaranteedKbps cannot be greater than bandwidthCeilingKbps (${ceiling}): lower the guarantee or raise the ceiling`,
      ),
    );
  }
  return findings;
}

/** Fields KubeSlice's preventUpdate refuses to change, each with the CRD default an unset value means. */
const IMMUTABLE: ReadonlyArray<{ path: string; unset: unknown }> = [
  { path: 'spec.sliceSubnet', unset: undefined },
  { path: 'spec.sliceType', unset: 'Application' },
  { path: 'spec.sliceGatewayProvider.sliceGatewayType', unset: 'OpenVPN' },
  { path: 'spec.sliceGatewayProvider.sliceCaType', unset: 'Local' },
  { path: 'spec.sliceIpamType', unset: 'Local' },
];

function updateFindings(object: KubeObject, oldObject: KubeObject): FieldError[] {
  return IMMUTABLE.flatMap(({ path, unset }) => {
    const before = valueAtPath(oldObject, path) ?? unset;
    const after = valueAtPath(object, path) ?? unset;
    return before === after ? [] : [immutableField.at(path, immutableMessage('a slice keeps its network and gateways for life; create a new SliceConfig and move the namespaces to it'))];
  });
}

/** Every finding of the SliceConfig rules; never throws on mistyped input. */
export function sliceConfigFindings(object: KubeObject, ctx: PolicyContext): FieldError[] {
  // A SliceConfig without spec fails KubeSlice's checks the same way as an empty one.
  const spec = objectAt(object, 'spec') ?? {};
  const findings = [...subnetFindings(spec), ...clusterListFindings(spec), ...unknownClusterFindings(spec), ...qosFindings(spec)];
  if (ctx.operation === 'UPDATE' && ctx.oldObject) findings.push(...updateFindings(object, ctx.oldObject));
  return findings;
}

/** The SliceConfig CRD's structural defaults (kubebuilder:default), which the API server applies. */
export function defaultSliceConfig(object: KubeObject): KubeObject {
  const out = cloneJson(object);
  const spec = out.spec;
  if (!isObject(spec)) return out;
  setDefault(spec, 'sliceType', 'Application');
  setDefault(spec, 'sliceIpamType', 'Local');
  setDefault(spec, 'maxClusters', 16);
  const provider = objectAt(spec, 'sliceGatewayProvider');
  if (provider) {
    setDefault(provider, 'sliceGatewayType', 'OpenVPN');
    setDefault(provider, 'sliceCaType', 'Local');
    for (const service of arrayAt(provider, 'sliceGatewayServiceType') ?? []) {
      if (!isObject(service)) continue;
      setDefault(service, 'type', 'NodePort');
      setDefault(service, 'protocol', 'UDP');
    }
  }
  const qos = objectAt(spec, 'qosProfileDetails');
  if (qos) {
    setDefault(qos, 'queueType', 'HTB');
    setDefault(qos, 'tcType', 'BANDWIDTH_CONTROL');
  }
  const vpn = objectAt(spec, 'vpnConfig');
  if (vpn) setDefault(vpn, 'cipher', 'AES-256-CBC');
  const isolation = objectAt(spec, 'namespaceIsolationProfile');
  if (isolation) setDefault(isolation, 'isolationEnabled', false);
  return out;
}

export const sliceConfigPolicy: KindPolicy = {
  group: SLICE_CONFIG_GROUP,
  kind: 'SliceConfig',
  async default(object) {
    return { object: defaultSliceConfig(object), warnings: [] };
  },
  async validate(object, ctx) {
    return sliceConfigFindings(object, ctx);
  },
};
