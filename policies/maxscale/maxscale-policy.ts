// The MaxScale kind's policy: its defaults and its rules.
import type { KindPolicy } from '../kind-policy.js';
import { defaultMaxScale } from './maxscale-defaults.js';
import { validateMaxScale } from './maxscale-rules.js';

export const maxscalePolicy: KindPolicy = {
  group: 'enterprise.mariadb.com',
  kind: 'MaxScale',
  default: defaultMaxScale,
  validate: validateMaxScale,
};
