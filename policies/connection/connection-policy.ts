// The Connection kind's policy: defaults from connection-defaults, findings from connection-rules.
import type { KindPolicy } from '../kind-policy.js';
import { defaultConnection } from './connection-defaults.js';
import { connectionFindings } from './connection-rules.js';

export const connectionPolicy: KindPolicy = {
  group: 'enterprise.mariadb.com',
  kind: 'Connection',
  default: defaultConnection,
  validate: connectionFindings,
};
