// values.schema.json of charts/mariadb-cluster, made from the same kind schemas as the CRDs and the linter,
// so `helm install` rejects a misspelled or mistyped value with its path before anything reaches the
// cluster. The spec schemas keep `additionalProperties: false`; the references the chart wires itself
// (mariaDbRef, maxScaleRef) are taken out, so a value can never point them elsewhere.
import { isSchemaObject, mapSchema, type JSONSchema } from '../../kinds/json-schema.js';
import { madeFromNote, type KindDefinition } from '../../kinds/kind-definition.js';
import { standaloneKindSchema } from '../../kinds/kind-schema.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { defaultKindIn } from '../../kinds/default-kinds.js';
import { crossFieldRulesFor, withCrossFieldRules } from '../cross-field-rules.js';
import { GENERATED_HEADER } from '../output-file.js';
import { assertHelmSafe, keepDraft07Keywords } from './helm-safe-schema.js';

export const VALUES_SCHEMA_FILE = 'values.schema.json';
/** The operators name their objects after the MariaDB with suffixes (-maxscale, -internal, -primary, -gui). */
export const FULLNAME_MAX = 40;
/** A Connection is named <fullname>-<name>: 63 characters at most, like a label value. */
export const CONNECTION_NAME_MAX = 63 - FULLNAME_MAX - 1;
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_LABEL_OR_EMPTY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$';

/** The chart's kinds, found by name so that a renamed or missing kind fails generation loudly. */
export interface ClusterKinds {
  mariadb: KindDefinition;
  maxscale: KindDefinition;
  connection: KindDefinition;
  /** API groups that serve all three kinds. */
  groups: string[];
  version: string;
}

export function clusterKinds(set: SchemaSet): ClusterKinds {
  const find = (kind: string): KindDefinition => {
    // The operators' kinds as the chart's default group judges them (its default operator version).
    const found = defaultKindIn(set, 'enterprise.mariadb.com', kind);
    if (!found) throw new Error(`charts/mariadb-cluster needs the ${kind} kind, which schemas/ does not define`);
    return found;
  };
  const mariadb = find('MariaDB');
  const maxscale = find('MaxScale');
  const connection = find('Connection');
  const versions = new Set([mariadb.version, maxscale.version, connection.version]);
  if (versions.size !== 1) throw new Error(`charts/mariadb-cluster renders one apiVersion per group, but the kinds have versions ${[...versions].join(', ')}`);
  const groups = mariadb.groups.filter((g) => maxscale.groups.includes(g) && connection.groups.includes(g)).sort();
  if (groups.length === 0) throw new Error('charts/mariadb-cluster: no API group serves MariaDB, MaxScale and Connection together');
  return { mariadb, maxscale, connection, groups, version: mariadb.version };
}

/** The group a fresh install uses: the Enterprise Operator's, as in the seed documentation. */
export function defaultGroup(kinds: ClusterKinds): string {
  return kinds.groups.includes('enterprise.mariadb.com') ? 'enterprise.mariadb.com' : kinds.groups[0]!;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isSchemaObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

interface KindBundle {
  kind: string;
  spec: JSONSchema;
  definitions: Record<string, JSONSchema>;
}

function bundleSpec(set: SchemaSet, definition: KindDefinition): KindBundle {
  const bundled = standaloneKindSchema(set, definition, definition.groups);
  const spec = bundled.properties?.spec;
  if (!isSchemaObject(spec)) throw new Error(`${definition.file}: the chart needs an inline spec schema`);
  return { kind: definition.kind, spec, definitions: bundled.definitions ?? {} };
}

/** The chart wires these itself; a value setting them would fight the wiring, so the schema refuses it. */
function withoutProperties(spec: JSONSchema, names: string[], kind: string, why: string): JSONSchema {
  const properties = { ...(spec.properties ?? {}) };
  for (const name of names) {
    if (!(name in properties)) throw new Error(`${kind} spec has no ${name} for the chart to wire: update charts/mariadb-cluster`);
    delete properties[name];
  }
  const out: JSONSchema = { ...spec, properties, description: `${spec.description ?? ''} ${why}`.trim() };
  const required = (spec.required ?? []).filter((r) => !names.includes(r));
  if (required.length > 0) out.required = required;
  else delete out.required;
  return out;
}

/**
 * Each kind's bundle names its definitions the same way (bundle-standalone qualifies a name two files
 * share), so equal names must hold equal schemas: one copy is kept, and a difference is a bug to fix.
 */
export function mergeDefinitions(bundles: ReadonlyArray<Pick<KindBundle, 'kind' | 'definitions'>>): Record<string, JSONSchema> {
  const merged = new Map<string, { kind: string; schema: JSONSchema; text: string }>();
  for (const bundle of bundles) {
    for (const [name, schema] of Object.entries(bundle.definitions)) {
      const text = stableJson(schema);
      const seen = merged.get(name);
      if (seen && seen.text !== text) {
        throw new Error(`values.schema.json: definition ${name} of ${bundle.kind} differs from the one of ${seen.kind}`);
      }
      if (!seen) merged.set(name, { kind: bundle.kind, schema, text });
    }
  }
  return Object.fromEntries([...merged.keys()].sort().map((name) => [name, merged.get(name)!.schema]));
}

function localRefs(schema: JSONSchema): string[] {
  const refs: string[] = [];
  mapSchema(schema, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')) refs.push(node.$ref.slice('#/definitions/'.length));
    return node;
  });
  return refs;
}

/** Definitions only the removed properties used (the embedded MaxScale, say) would be dead weight. */
function pruneDefinitions(schema: JSONSchema): JSONSchema {
  const { definitions = {}, ...root } = schema;
  const reached = new Set<string>();
  const queue = localRefs(root);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    const target = definitions[name];
    if (target) queue.push(...localRefs(target));
  }
  const kept = Object.keys(definitions).filter((name) => reached.has(name)).sort();
  return { ...root, definitions: Object.fromEntries(kept.map((name) => [name, definitions[name]!])) };
}

export function clusterValuesSchema(set: SchemaSet): JSONSchema {
  const kinds = clusterKinds(set);
  const mariadb = bundleSpec(set, kinds.mariadb);
  const maxscale = bundleSpec(set, kinds.maxscale);
  const connection = bundleSpec(set, kinds.connection);
  const definitions = mergeDefinitions([mariadb, maxscale, connection]);

  const nameOverride = (description: string): JSONSchema => ({
    description,
    type: 'string',
    maxLength: FULLNAME_MAX,
    pattern: DNS_LABEL_OR_EMPTY,
    title: 'empty, or a DNS label: lower-case letters, digits and -',
  });

  const schema: JSONSchema = {
    $comment: `${GENERATED_HEADER}: made by mdbkit generate from ${[kinds.mariadb, kinds.maxscale, kinds.connection].map(madeFromNote).join(', ')}.`,
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values of the mariadb-cluster chart',
    description: 'A MariaDB (Galera or replication), an optional MaxScale in front of it, and optional Connections.',
    type: 'object',
    properties: {
      apiGroup: {
        description: 'API group of the rendered resources: enterprise.mariadb.com for the MariaDB Enterprise Operator, k8s.mariadb.com for the community mariadb-operator.',
        type: 'string',
        enum: kinds.groups,
        default: defaultGroup(kinds),
      },
      nameOverride: nameOverride('Replaces the chart name in the app.kubernetes.io/name label and in the default names (<release>-<name>).'),
      fullnameOverride: nameOverride(
        `Name of the MariaDB, instead of <release>-mariadb-cluster; the MaxScale is <name>-maxscale and each Connection <name>-<connection>. At most ${FULLNAME_MAX} characters: the operators append suffixes to it.`,
      ),
      mariadb: {
        description: 'The MariaDB.',
        type: 'object',
        properties: {
          // The rules that tie fields together (Galera xor replication, replicas and HA, TLS, storage, ...), so
          // `helm install` fails on what the webhook would deny, naming the value (generator/cross-field-rules.ts).
          spec: withCrossFieldRules(
            withoutProperties(
              mariadb.spec,
              ['maxScaleRef', 'maxScale'],
              'MariaDB',
              'The chart sets maxScaleRef when maxscale.enabled (use maxscale, not the embedded maxScale), and names the root password Secret <name>-root when rootPasswordSecretKeyRef is unset.',
            ),
            crossFieldRulesFor(kinds.mariadb),
          ),
        },
        required: ['spec'],
        additionalProperties: false,
      },
      maxscale: {
        description: 'A MaxScale in front of the MariaDB, as a resource of its own.',
        type: 'object',
        properties: {
          enabled: {
            description: 'Create the MaxScale; the MariaDB then gets spec.maxScaleRef, and the Connections go through MaxScale.',
            type: 'boolean',
            default: false,
          },
          spec: withoutProperties(maxscale.spec, ['mariaDbRef'], 'MaxScale', 'The chart sets mariaDbRef to the MariaDB.'),
        },
        required: ['enabled', 'spec'],
        additionalProperties: false,
      },
      connections: {
        description: 'Connections: each makes a Secret with the host, port, user, password and DSN for applications to mount. They go through the MaxScale when it is enabled, else to the MariaDB.',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: {
              description: `Name of the Connection, appended to the MariaDB's name (<name>-<connection>); unique in the list.`,
              type: 'string',
              minLength: 1,
              maxLength: CONNECTION_NAME_MAX,
              pattern: DNS_LABEL,
              title: 'a DNS label: lower-case letters, digits and -',
            },
            spec: withoutProperties(connection.spec, ['mariaDbRef', 'maxScaleRef'], 'Connection', 'The chart sets maxScaleRef (MaxScale enabled) or mariaDbRef.'),
          },
          required: ['name', 'spec'],
          additionalProperties: false,
        },
        default: [],
      },
      tests: {
        description: 'The Pod `helm test` runs: it connects with the mariadb client and runs SELECT 1.',
        type: 'object',
        properties: {
          image: {
            description: 'Image with the mariadb client (11.4 or newer); mirror it for air-gapped clusters.',
            type: 'string',
            minLength: 1,
            pattern: '^[^\\s]+$',
            title: 'an image reference without spaces',
          },
        },
        required: ['image'],
        additionalProperties: false,
      },
      global: {
        description: "Helm's global values, passed down when this chart is a dependency of another; this chart reads none.",
        type: 'object',
      },
    },
    required: ['apiGroup', 'mariadb', 'maxscale', 'connections', 'tests'],
    additionalProperties: false,
    definitions,
  };
  const safe = keepDraft07Keywords(pruneDefinitions(schema));
  assertHelmSafe(safe, `charts/mariadb-cluster/${VALUES_SCHEMA_FILE}`);
  return safe;
}
