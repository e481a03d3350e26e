// The schemas are the source of CRD docs, chart docs and editor hover text, and the contract of the
// schema check: they must compile under ajv's strict mode, describe every field, and fail loudly when
// someone breaks them.
import { MARIADB_OPERATOR_KINDS } from '../support/operator-kinds.js';
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { standaloneKindSchema } from '../../kinds/kind-schema.js';
import { isSchemaObject, mapSchema, type JSONSchema } from '../../kinds/json-schema.js';
import { hasRemoteRefs } from '../../kinds/transforms/bundle-standalone.js';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../kinds/project-paths.js';
import { fieldPaths } from '../../kinds/field-paths.js';
import { createAjv } from '../../kinds/ajv-instance.js';

const set = loadSchemas();

function propertiesWithoutDescription(schema: JSONSchema): string[] {
  const missing: string[] = [];
  const definitions = schema.definitions ?? {};
  const described = (node: JSONSchema): boolean => {
    if (typeof node.description === 'string' && node.description.trim() !== '') return true;
    const target = typeof node.$ref === 'string' ? definitions[node.$ref.replace('#/definitions/', '')] : undefined;
    return target !== undefined && typeof target.description === 'string' && target.description.trim() !== '';
  };
  const walk = (node: JSONSchema, where: string) => {
    for (const [name, sub] of Object.entries(node.properties ?? {})) {
      if (!described(sub)) missing.push(`${where}.${name}`);
    }
    for (const key of ['items', 'additionalProperties'] as const) {
      const child = node[key];
      if (isSchemaObject(child)) walk(child, `${where}.${key}`);
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) walk(sub, `${where}.${name}`);
    for (const sub of node.anyOf ?? []) walk(sub, where);
  };
  walk(schema, '');
  for (const [name, definition] of Object.entries(definitions)) walk(definition, `#/definitions/${name}`);
  return missing;
}

describe('the schemas themselves', () => {
  it('define the kinds of the four systems, each in the API groups that serve it', () => {
    const handWritten = set.kinds.filter((k) => !k.operatorVersion);
    assert.deepEqual(
      handWritten
        .map((k) => [k.kind, k.plural, k.shortNames, k.groups])
        .sort((a, b) => String(a[3]).localeCompare(String(b[3])) || String(a[0]).localeCompare(String(b[0]))),
      [
        ['PlacementPolicy', 'placementpolicies', [], ['apps.k8s.appscode.com']],
        ['SliceConfig', 'sliceconfigs', [], ['controller.kubeslice.io']],
        ['MariaDB', 'mariadbs', ['md'], ['kubedb.com']],
        ['Galera', 'galeras', ['gl'], ['sql.databases']],
        ['GaleraBackup', 'galerabackups', ['gb'], ['sql.databases']],
        ['UpgradeConfig', 'upgradeconfigs', ['gc'], ['sql.databases']],
        ['UpgradeRule', 'upgraderules', ['gr'], ['sql.databases']],
      ],
    );
    // The MariaDB operators' twelve kinds, per operator version, in the groups that offer that version.
    const imported = set.kinds.filter((k) => k.operatorVersion).map((k) => `${k.kind}@${k.operatorVersion} ${k.groups.join(',')}`);
    const twelve: readonly string[] = MARIADB_OPERATOR_KINDS;
    assert.deepEqual(
      imported.sort(),
      [
        ...twelve.filter((k) => k !== 'PointInTimeRecovery').map((k) => `${k}@25.10 enterprise.mariadb.com,k8s.mariadb.com`),
        ...twelve.map((k) => `${k}@26.6 k8s.mariadb.com`),
      ].sort(),
    );
  });

  for (const definition of set.kinds) {
    for (const group of definition.groups) {
      it(`${definition.kind} in ${group} compiles under ajv's strict mode as one self-contained schema`, () => {
        const schema = standaloneKindSchema(set, definition, [group]);
        assert.equal(hasRemoteRefs(schema), false);
        assert.equal((schema.properties?.apiVersion as JSONSchema).const, `${group}/${definition.version}`);
        createAjv().compile(schema);
      });
    }

    const at = definition.operatorVersion ? ` (operator ${definition.operatorVersion})` : '';
    if (!definition.operatorVersion) {
      it(`${definition.kind} describes every property (CRD docs and hover text come from here)`, () => {
        assert.deepEqual(propertiesWithoutDescription(standaloneKindSchema(set, definition, definition.groups)), []);
      });
    } else {
      // An imported kind's descriptions are the operator's: mdbkit does not write hundreds of its own, but none is lost.
      it(`${definition.kind}${at} keeps every description the operator's CRD has`, () => {
        const base = JSON.parse(readFileSync(join(PROJECT_ROOT, definition.file), 'utf8')) as JSONSchema;
        const composed = new Map(fieldPaths(standaloneKindSchema(set, definition, definition.groups)).map((f) => [f.path, f.schema]));
        const lost = fieldPaths(base)
          .filter((f) => typeof f.schema.description === 'string' && !f.path.startsWith('metadata'))
          .filter((f) => typeof composed.get(f.path)?.description !== 'string')
          .map((f) => f.path);
        assert.deepEqual(lost, []);
      });
    }

    it(`${definition.kind}${at} requires apiVersion, kind and metadata.name and closes every object`, () => {
      const schema = standaloneKindSchema(set, definition, definition.groups);
      for (const field of ['apiVersion', 'kind', 'metadata']) assert.ok(schema.required?.includes(field), field);
      assert.deepEqual((schema.properties?.metadata as JSONSchema).required, ['name']);
      const open: string[] = [];
      mapSchema(schema, (node) => {
        if (node.type === 'object' && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
          open.push(String(node.description));
        }
        return node;
      });
      assert.deepEqual(open, [], 'objects that would accept unknown fields');
    });
  }

  it('registers the extension keywords instead of silencing strict mode', () => {
    const ajv = createAjv();
    assert.throws(() => ajv.compile({ type: 'object', 'x-kubernetes-list-typ': 'map' }), /unknown keyword/);
    assert.throws(() => ajv.compile({ type: 'array', 'x-kubernetes-list-type': 'dictionary' }), /x-kubernetes-list-type" value is invalid/);
    ajv.compile({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' });
  });
});

describe('loading schemas/ fails loudly, naming the file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-schemas-'));
    cpSync(SCHEMAS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const galeraFile = () => join(dir, 'sql.databases', 'v1beta2', 'galera.schema.json');

  it('on a file that is not JSON', () => {
    writeFileSync(galeraFile(), '{ "title": ');
    assert.throws(() => loadSchemas(dir), /galera\.schema\.json: not valid JSON/);
  });

  it('on an imported base schema that is not JSON, or an overlay that names a field the operator does not have', () => {
    writeFileSync(join(dir, '_imported', 'mariadb-operator', 'v26.6.0', 'user.schema.json'), '{');
    assert.throws(() => loadSchemas(dir), /_imported\/mariadb-operator\/v26\.6\.0\/user\.schema\.json: not valid JSON/);
    cpSync(SCHEMAS_DIR, dir, { recursive: true });
    const overlay = join(dir, '_overlays', 'mariadb-operator', 'connection.overlay.json');
    const doc = JSON.parse(readFileSync(overlay, 'utf8')) as { overlays: unknown[] };
    doc.overlays.push({ at: 'spec.hostname', why: 'a typo', schema: { maxLength: 10 } });
    writeFileSync(overlay, JSON.stringify(doc));
    assert.throws(
      () => loadSchemas(dir),
      /_overlays\/mariadb-operator \(Connection, operator 25\.10\): overlay at spec\.hostname: the operator's schema has no field hostname there/,
    );
  });

  it('on an $id that does not match the file path', () => {
    mkdirSync(join(dir, 'example.com', 'v1'), { recursive: true });
    writeFileSync(join(dir, 'example.com', 'v1', 'thing.schema.json'), JSON.stringify({ $id: 'https://mdbkit.dev/schemas/thing.schema.json' }));
    assert.throws(() => loadSchemas(dir), /thing\.schema\.json: "\$id" must be "https:\/\/mdbkit\.dev\/schemas\/example\.com\/v1\/thing\.schema\.json"/);
  });

  it('on a reference to a definition that does not exist', () => {
    const mixin = '../../_common/galera-operator.schema.json#/definitions/NoSuchFields';
    const schema = JSON.parse(readFileSync(galeraFile(), 'utf8')) as JSONSchema;
    (schema.properties!.spec as JSONSchema)['x-mdbkit-mixins'] = [mixin];
    writeFileSync(galeraFile(), JSON.stringify(schema));
    assert.throws(() => loadSchemas(dir), /galera\.schema\.json: \$ref .*NoSuchFields: nothing at \/definitions\/NoSuchFields/);
  });
});
