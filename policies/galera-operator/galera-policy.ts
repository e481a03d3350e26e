// The Galera kind's policy: the defaults the operator documents, its rules, and the Secret and ConfigMaps whose
// keys it checks. Checks the schema already makes (types, enums, required fields) are not repeated in the rules.
import { definePolicy } from '../kind-policy.js';
import { plaintextCredential } from './galera-credential-rules.js';
import { defaultGalera } from './galera-defaults.js';
import { imageDowngrade, imageTagNotSemver } from './galera-image-rules.js';
import { GALERA } from './galera-kind.js';
import { podLabelsIgnored } from './galera-pod-rules.js';
import { referenceMissingKeys } from './galera-reference-rules.js';
import { replicasOdd3To9 } from './galera-replicas-rules.js';
import { s3EndpointInvalid, s3SettingsIncomplete } from './galera-s3-rules.js';

export const galeraPolicy = definePolicy({
  ...GALERA,
  defaults: defaultGalera,
  rules: [
    replicasOdd3To9,
    imageTagNotSemver,
    plaintextCredential,
    podLabelsIgnored,
    s3SettingsIncomplete,
    s3EndpointInvalid,
    imageDowngrade,
    referenceMissingKeys,
  ],
  references: [
    {
      kind: 'Secret',
      group: '',
      why: "spec.pod.credentialsSecret and the restore's s3.credentialsSecret must have the keys the operator reads",
      watched: false,
    },
    {
      kind: 'ConfigMap',
      group: '',
      why: 'spec.pod.mycnfConfigMap and spec.special.mycnfSpecialConfigMap must have the my.cnf key the bootstrap reads',
      watched: false,
    },
  ],
});
