// What the MariaDB of spec.mariaDbRef says about the MaxScale: that it exists, that it has something to fail
// over to, and which monitor module fits it. A MariaDB the cluster could not be asked about is not judged.
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { MAXSCALE } from './maxscale-kind.js';
import { haModeOf, lookupReferencedMariaDB, moduleFor } from './referenced-mariadb.js';

const UNKNOWN = { skipped: 'the MariaDB of spec.mariaDbRef could not be looked up' };
const NO_REFERENCE = { skipped: 'no spec.mariaDbRef' };
const EXTERNAL = { skipped: 'spec.mariaDbRef names an ExternalMariaDB, whose topology is not declared' };

export const mariadbMissing = defineRule({
  id: 'maxscale/mariadb-not-found',
  noCelTwin: 'reads the MariaDB of spec.mariaDbRef from the cluster',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.mariaDbRef names a MariaDB that does not exist (in the cluster, or among the linted files).',
  why: 'MaxScale waits for it (waitForIt) and never becomes ready; nothing could be inferred from it.',
  fix: 'Create the MariaDB, or fix the name and namespace of the reference.',
  async check({ object, ctx, at }) {
    const ref = await lookupReferencedMariaDB(object, ctx);
    if (!ref) return NO_REFERENCE;
    if (ref.found === 'unknown') return UNKNOWN;
    if (ref.found !== undefined) return [];
    return [at('spec.mariaDbRef.name', `${ref.kind} ${ref.namespace}/${ref.name} does not exist; create it or fix the reference`)];
  },
});

export const mariadbNotHa = defineRule({
  id: 'maxscale/mariadb-not-highly-available',
  noCelTwin: 'reads the MariaDB of spec.mariaDbRef from the cluster',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.mariaDbRef names a MariaDB with neither Galera nor replication enabled.',
  why: 'There is nothing to fail over to and no module to infer: MaxScale only adds a hop.',
  fix: 'Enable spec.galera or spec.replication on the MariaDB, or connect to it directly.',
  async check({ object, ctx, at }) {
    const ref = await lookupReferencedMariaDB(object, ctx);
    if (!ref) return NO_REFERENCE;
    if (ref.found === 'unknown') return UNKNOWN;
    if (ref.kind !== 'MariaDB') return EXTERNAL;
    if (ref.found === undefined || haModeOf(ref.found) !== 'none') return [];
    return [at('spec.mariaDbRef.name', `MariaDB ${ref.name} has neither spec.galera nor spec.replication enabled: MaxScale has nothing to fail over to`)];
  },
});

export const moduleMismatch = defineRule({
  id: 'maxscale/monitor-module-mismatch',
  noCelTwin: 'reads the MariaDB of spec.mariaDbRef from the cluster',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.monitor.module does not match the referenced MariaDB (galeramon for Galera, mariadbmon for replication).',
  why: 'galeramon cannot monitor replication and mariadbmon fails Galera over wrongly: MaxScale routes writes to the wrong server.',
  fix: 'Remove spec.monitor.module to have it inferred, or set the module that matches the MariaDB.',
  async check({ object, spec, ctx, at }) {
    const ref = await lookupReferencedMariaDB(object, ctx);
    if (!ref) return NO_REFERENCE;
    if (ref.found === 'unknown') return UNKNOWN;
    if (ref.kind !== 'MariaDB') return EXTERNAL;
    if (ref.found === undefined) return [];
    const mode = haModeOf(ref.found);
    const module = stringAt(objectAt(spec, 'monitor'), 'module');
    const expected = moduleFor(mode);
    if (module === undefined || expected === undefined || module === expected) return [];
    return [at('spec.monitor.module', `Invalid value: "${module}": MariaDB ${ref.name} uses ${mode}, which needs ${expected}`)];
  },
});

/** Reported by the defaults, which could not infer the servers and module. */
export const referenceUnresolved = defineRule({
  id: 'maxscale/reference-unresolved',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  reportedBy: 'defaults',
  what: 'The MariaDB of spec.mariaDbRef could not be looked up, so monitor.module was not inferred.',
  why: 'The operator will infer them later; until then the stored spec does not show them.',
  fix: 'Nothing to do if the MariaDB exists. When linting, lint it in the same run to have it resolved; in the webhook, check that it can reach the API server.',
});
