// A slice's overlay network: KubeSlice carves each member cluster's share out of spec.sliceSubnet, and only
// accepts a private /16, which it cannot change later (kubedb/immutable-field).
// https://github.com/kubeslice/kubeslice-controller/blob/master/service/slice_config_webhook_validation.go
import { defineRule } from '../rule.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

// 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918), as KubeSlice's util.IsPrivateSubnet.
function isPrivate(a: number, b: number): boolean {
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export const sliceSubnetInvalid = defineRule({
  id: 'kubedb/slice-subnet-invalid',
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.sliceSubnet is not a private /16 network ending in .0.0 (such as 10.1.0.0/16).',
  why: 'The KubeSlice controller rejects the SliceConfig ("must be a private subnet", "prefix must be 16", "third and fourth octets must be 0"), and the subnet cannot change later.',
  fix: "Use a private /16 that overlaps none of the clusters' pod and Service networks, such as 10.1.0.0/16.",
  check({ spec, at }) {
    const subnet = spec.sliceSubnet;
    const path = 'spec.sliceSubnet';
    if (subnet === undefined) return [at(path, 'Required value: set a private /16 slice network, such as 10.1.0.0/16')];
    // Anything that is not an IPv4 CIDR is the schema's finding.
    if (typeof subnet !== 'string') return [];
    const match = CIDR.exec(subnet);
    if (!match) return [];
    const [a, b, c, d, prefix] = match.slice(1).map(Number) as [number, number, number, number, number];
    const problems: string[] = [];
    if (!isPrivate(a, b)) problems.push('must be a private network (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)');
    if (prefix !== 16) problems.push('prefix must be 16');
    if (c !== 0 || d !== 0) problems.push('third and fourth octets must be 0');
    if (problems.length === 0) return [];
    const suggestion = isPrivate(a, b) ? `${a}.${b}.0.0/16` : '10.1.0.0/16';
    return [at(path, `Invalid value: "${subnet}": ${problems.join(', ')}: use a network such as ${suggestion}`)];
  },
});
