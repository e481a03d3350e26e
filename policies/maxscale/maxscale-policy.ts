// The MaxScale kind's policy: its defaults, its rules, and the MariaDB it reads through spec.mariaDbRef.
import { definePolicy } from '../kind-policy.js';
import { pdbOneOfRule } from '../pdb-rule.js';
import { credentialsRequired, generateWithoutRef } from './maxscale-auth-rules.js';
import { defaultMaxScale } from './maxscale-defaults.js';
import { MAXSCALE } from './maxscale-kind.js';
import { monitorIntervalShort, moduleRequired, primaryServerModule } from './maxscale-monitor-rules.js';
import { mariadbMissing, mariadbNotHa, moduleMismatch, referenceUnresolved } from './maxscale-reference-rules.js';
import { scaleUnchecked, scaleWithoutCooperativeMonitoring } from './maxscale-scale-rules.js';
import { allInMaintenance, duplicateServerAddress, duplicateServerName, serversConflictRef, serversOrRef } from './maxscale-server-rules.js';
import { connectionPortNotListener, duplicateListenerPort, duplicateServiceName, listenerAdminPort } from './maxscale-service-rules.js';
import { suspendNeedsFeatureFlag } from './maxscale-suspend-rules.js';
import { tlsCertAndIssuer, tlsCertWithoutCa } from './maxscale-tls-rules.js';
import { immutable } from './maxscale-update-rules.js';

export const maxscalePolicy = definePolicy({
  ...MAXSCALE,
  defaults: defaultMaxScale,
  rules: [
    serversOrRef,
    serversConflictRef,
    duplicateServerName,
    duplicateServerAddress,
    allInMaintenance,
    duplicateServiceName,
    duplicateListenerPort,
    listenerAdminPort,
    generateWithoutRef,
    credentialsRequired,
    moduleRequired,
    monitorIntervalShort,
    primaryServerModule,
    pdbOneOfRule('maxscale', [MAXSCALE]),
    tlsCertWithoutCa,
    tlsCertAndIssuer,
    connectionPortNotListener,
    suspendNeedsFeatureFlag,
    immutable,
    mariadbMissing,
    mariadbNotHa,
    moduleMismatch,
    referenceUnresolved,
    scaleWithoutCooperativeMonitoring,
    scaleUnchecked,
  ],
  references: [
    {
      kind: 'MariaDB',
      group: 'own',
      why: 'servers and the monitor module are inferred from the MariaDB of spec.mariaDbRef, and checked against it',
      watched: true,
    },
    {
      kind: 'ExternalMariaDB',
      group: 'own',
      why: 'a spec.mariaDbRef of kind ExternalMariaDB is checked to exist (nothing is inferred from it)',
      watched: true,
    },
  ],
});
