// The SliceConfig CRD's structural defaults (kubebuilder:default), which the API server applies: the linter
// shows, and the rules judge, the object as it will be stored.
// https://github.com/kubeslice/kubeslice-controller/blob/master/apis/controller/v1alpha1/sliceconfig_types.go
import type { KubeObject } from '../kube-object.js';
import { arrayAt, isObject, objectAt, setDefault } from '../object-fields.js';

/** Fills the defaults into `object` (the engine's clone). */
export function defaultSliceConfig(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
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
}
