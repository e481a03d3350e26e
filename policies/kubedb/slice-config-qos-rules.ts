// A slice's quality of service: KubeSlice needs exactly one QoS profile, written inline or named, and a
// bandwidth guarantee it can meet.
// https://github.com/kubeslice/kubeslice-controller/blob/master/service/slice_config_webhook_validation.go
import { numberAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

export const sliceQosProfileRequired = defineRule({
  id: 'kubedb/slice-qos-profile-required',
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'Neither or both of spec.qosProfileDetails and spec.standardQosProfileName are set.',
  why: 'The KubeSlice controller needs exactly one QoS profile ("Either StandardQosProfileName or QosProfileDetails is required"; "cannot be set when QosProfileDetails is set").',
  fix: 'Set spec.qosProfileDetails (queueType, priority, tcType, bandwidths, dscpClass) or name a SliceQoSConfig in spec.standardQosProfileName, not both.',
  check({ spec, at }) {
    const inline = spec.qosProfileDetails !== undefined;
    const standard = stringAt(spec, 'standardQosProfileName');
    const named = standard !== undefined && standard !== '';
    if (!inline && !named)
      return [at('spec.qosProfileDetails', 'Required value: set spec.qosProfileDetails, or name a SliceQoSConfig in spec.standardQosProfileName')];
    if (inline && named)
      return [at('spec.standardQosProfileName', 'Forbidden: standardQosProfileName cannot be set when qosProfileDetails is set: keep one of them')];
    return [];
  },
});

export const sliceBandwidthGuaranteeAboveCeiling = defineRule({
  id: 'kubedb/slice-bandwidth-guarantee-above-ceiling',
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.qosProfileDetails.bandwidthGuaranteedKbps is above bandwidthCeilingKbps.',
  why: 'A guarantee above the ceiling cannot be met; the KubeSlice controller rejects it ("BandwidthGuaranteedKbps cannot be greater than BandwidthCeilingKbps").',
  fix: 'Lower bandwidthGuaranteedKbps or raise bandwidthCeilingKbps.',
  check({ spec, at }) {
    const ceiling = numberAt(spec.qosProfileDetails, 'bandwidthCeilingKbps');
    const guaranteed = numberAt(spec.qosProfileDetails, 'bandwidthGuaranteedKbps');
    if (ceiling === undefined || guaranteed === undefined || guaranteed <= ceiling) return [];
    return [
      at(
        'spec.qosProfileDetails.bandwidthGuaranteedKbps',
        `Invalid value: ${guaranteed}: bandwidthGuaranteedKbps cannot be greater than bandwidthCeilingKbps (${ceiling}): lower the guarantee or raise the ceiling`,
      ),
    ];
  },
});
