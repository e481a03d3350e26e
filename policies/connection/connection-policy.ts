// The Connection kind's policy: its defaults, its rules, and the MariaDB or MaxScale it reads through
// spec.mariaDbRef or spec.maxScaleRef.
import { definePolicy } from '../kind-policy.js';
import { credentialsRequired } from './connection-credential-rules.js';
import { maxScalePortNotListener } from './connection-maxscale-rules.js';
import { secretTemplateInvalid, secretTemplateUnknownValue } from './connection-template-rules.js';
import { immutable } from './connection-update-rules.js';
import { defaultConnection } from './connection-defaults.js';
import { CONNECTION } from './connection-kind.js';
import { referenceMissing, referenceUnresolved } from './connection-lookup-rules.js';
import { referenceRequired, referencesExclusive } from './connection-target-rules.js';

export const connectionPolicy = definePolicy({
  ...CONNECTION,
  defaults: defaultConnection,
  rules: [
    referenceRequired,
    referencesExclusive,
    credentialsRequired,
    secretTemplateInvalid,
    secretTemplateUnknownValue,
    immutable,
    referenceMissing,
    referenceUnresolved,
    maxScalePortNotListener,
  ],
  references: [
    {
      kind: 'MariaDB',
      group: 'own',
      why: 'spec.host and spec.port are defaulted from the MariaDB of spec.mariaDbRef (its primary Service when highly available), whose existence is checked; a MaxScale of spec.maxScaleRef is defaulted with its MariaDB to know its listeners',
      watched: true,
    },
    {
      kind: 'ExternalMariaDB',
      group: 'own',
      why: 'spec.host and spec.port are defaulted from the ExternalMariaDB a spec.mariaDbRef of kind ExternalMariaDB names, whose existence is checked',
      watched: true,
    },
    {
      kind: 'MaxScale',
      group: 'own',
      why: 'spec.port is defaulted from the first listener of the MaxScale of spec.maxScaleRef, checked to be one of its listeners, and the MaxScale checked to exist',
      watched: true,
    },
  ],
});
