// The IDE schemas are what editors and kubeconform check manifests with: they must stand alone (an
// editor offline or behind a proxy cannot follow a remote $ref), accept everything the seed document
// shows, reject what the linter rejects, and leave documents of other kinds alone.
import { strict as assert } from 'node:assert';
import type { ValidateFunction } from 'ajv';
import {
  ALL_KINDS_FILE,
  emitIdeSchemas,
  IDE_SCHEMA_BASE_URI,
  IDE_SCHEMAS_DIR,
  ideSchemaFile,
  operatorVersionFolder,
  refSiblingsToAllOf,
  stripBuildMetadata,
} from '../../generator/emit-ide-schemas.js';
import { isUnderGeneratedRoot } from '../../generator/generated-roots.js';
import { isSchemaObject, mapSchema, type JSONSchema } from '../../kinds/json-schema.js';
import { apiVersionOf, type KindDefinition } from '../../kinds/kind-definition.js';
import { defaultGroupsOf, defaultKindIn, defaultKinds } from '../../kinds/default-kinds.js';
import { loadSchemas, type SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../../generator/output-file.js';
import { hasRemoteRefs } from '../../kinds/transforms/bundle-standalone.js';
import { createAjv } from '../../kinds/ajv-instance.js';
import { manifestsIn } from '../support/fixtures.js';

const ALL_PATH = `${IDE_SCHEMAS_DIR}/${ALL_KINDS_FILE}`;

function parse(file: OutputFile): JSONSchema {
  return JSON.parse(file.contents) as JSONSchema;
}

function keysSorted(value: unknown, at = '$'): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = keysSorted(item, `${at}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isSchemaObject(value)) return undefined;
  const keys = Object.keys(value);
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.join('\u0000') !== sorted.join('\u0000')) return at;
  for (const key of keys) {
    const bad = keysSorted(value[key], `${at}.${key}`);
    if (bad) return bad;
  }
  return undefined;
}

describe('IDE schemas (generated/ide-schemas)', () => {
  let set: SchemaSet;
  let files: OutputFile[];
  let byPath: Map<string, OutputFile>;
  const validators = new Map<string, ValidateFunction>();

  before(() => {
    set = loadSchemas();
    files = emitIdeSchemas(set);
    byPath = new Map(files.map((f) => [f.path, f]));
    // One ajv for all: their $ids differ, and compiling checks each file against the draft-07 meta-schema.
    const ajv = createAjv();
    for (const file of files) validators.set(file.path, ajv.compile(parse(file)));
  });

  function validatorFor(path: string): ValidateFunction {
    const validate = validators.get(path);
    assert.ok(validate, `no schema ${path}`);
    return validate;
  }

  /** Where a kind's schema for a group is: the catalog's path for the group's default, a version folder for every operator version. */
  function pathsOf(d: KindDefinition): Array<[group: string, path: string]> {
    return [
      ...defaultGroupsOf(set, d).map((g): [string, string] => [g, `${IDE_SCHEMAS_DIR}/${ideSchemaFile(g, d)}`]),
      ...(d.operatorVersion
        ? d.groups.map((g): [string, string] => [g, `${IDE_SCHEMAS_DIR}/${operatorVersionFolder(d.operatorVersion!)}/${ideSchemaFile(g, d)}`])
        : []),
    ];
  }

  it('writes <group>/<kind lower-case>_<version>.json for every kind and group it is served in (and each operator version in its folder), and all.json', () => {
    const expected = set.kinds.flatMap((d) => pathsOf(d).map(([, path]) => path));
    assert.deepEqual(
      files.map((f) => f.path),
      [...expected, ALL_PATH].sort(),
    );
    for (const path of [
      'generated/ide-schemas/enterprise.mariadb.com/maxscale_v1alpha1.json',
      'generated/ide-schemas/k8s.mariadb.com/maxscale_v1alpha1.json',
      'generated/ide-schemas/enterprise.mariadb.com/mariadb_v1alpha1.json',
      'generated/ide-schemas/k8s.mariadb.com/connection_v1alpha1.json',
      'generated/ide-schemas/k8s.mariadb.com/pointintimerecovery_v1alpha1.json',
      'generated/ide-schemas/mariadb-operator-25.10/k8s.mariadb.com/mariadb_v1alpha1.json',
      'generated/ide-schemas/mariadb-operator-26.6/k8s.mariadb.com/mariadb_v1alpha1.json',
      'generated/ide-schemas/all.json',
    ]) {
      assert.ok(byPath.has(path), path);
    }
    assert.ok(files.every((f) => isUnderGeneratedRoot(f.path)));
  });

  it('has no remote $ref and no nested $id in any file', () => {
    for (const file of files) {
      const schema = parse(file);
      assert.equal(hasRemoteRefs(schema), false, file.path);
      const { $id: _root, ...body } = schema;
      mapSchema(body, (node) => {
        assert.equal(node.$id, undefined, `${file.path}: nested $id`);
        if (typeof node.$ref === 'string') {
          const name = /^#\/definitions\/([^/]+)$/.exec(node.$ref)?.[1];
          assert.ok(name && schema.definitions?.[name], `${file.path}: ${node.$ref} resolves`);
        }
        return node;
      });
    }
  });

  it('marks each file generated, names its source and gives it a stable $id', () => {
    for (const file of files) {
      const schema = parse(file);
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(schema.$id, `${IDE_SCHEMA_BASE_URI}${file.path.slice(IDE_SCHEMAS_DIR.length + 1)}`);
      assert.ok(schema.$comment?.startsWith(GENERATED_HEADER), file.path);
    }
    for (const d of set.kinds) {
      for (const [g, path] of pathsOf(d)) {
        const schema = parse(byPath.get(path)!);
        assert.ok(schema.$comment?.includes(d.file), `${g} ${d.kind} names ${d.file}`);
        if (d.source)
          assert.ok(
            schema.$comment?.includes(`${d.source.tag}, commit ${d.source.commit}`) && schema.$comment.includes('MIT'),
            `${path} names the operator release and its licence`,
          );
      }
    }
    for (const d of defaultKinds(set)) assert.ok(parse(byPath.get(ALL_PATH)!).$comment?.includes(d.file), `all.json names ${d.file}`);
    assert.equal(
      parse(byPath.get('generated/ide-schemas/enterprise.mariadb.com/maxscale_v1alpha1.json')!).$id,
      'https://mdbkit.dev/ide-schemas/enterprise.mariadb.com/maxscale_v1alpha1.json',
    );
  });

  it('is 2-space JSON with sorted keys and a trailing newline', () => {
    for (const file of files) {
      assert.equal(file.contents, `${JSON.stringify(JSON.parse(file.contents), null, 2)}\n`, file.path);
      assert.equal(keysSorted(JSON.parse(file.contents)), undefined, `${file.path}: keys out of order`);
    }
  });

  it('drops x-mdbkit-* build metadata and keeps what editors use: x-kubernetes-*, titles, descriptions, defaults', () => {
    for (const file of files) assert.ok(!file.contents.includes('"x-mdbkit-'), file.path);
    const maxscale = parse(byPath.get('generated/ide-schemas/enterprise.mariadb.com/maxscale_v1alpha1.json')!);
    assert.equal(maxscale.title, 'MaxScale');
    const interval = maxscale.properties?.spec?.properties?.monitor?.properties?.interval as JSONSchema;
    assert.match(String(interval.title), /duration/, "the overlay's hint");
    assert.match(String(interval.description), /Interval used to monitor MariaDB servers/, "the operator's description");
    assert.equal(maxscale.properties?.spec?.properties?.services?.items?.properties?.listener?.properties?.port?.maximum, 65535);
    assert.deepEqual(
      maxscale.properties?.spec?.['x-kubernetes-validations'],
      // The CEL rules as the CRD has them: without the policy rule each twins (x-mdbkit-rule, build metadata).
      (defaultKindIn(set, 'enterprise.mariadb.com', 'MaxScale')!.schema.properties?.spec?.['x-kubernetes-validations'] as Array<Record<string, unknown>>).map(
        ({ 'x-mdbkit-rule': _rule, ...rest }) => rest,
      ),
    );
    assert.ok(JSON.stringify(maxscale).includes('"x-kubernetes-int-or-string"'), 'x-kubernetes-* kept');
  });

  it("pins apiVersion to the file's group", () => {
    for (const d of set.kinds) {
      for (const [g, path] of pathsOf(d)) {
        const schema = parse(byPath.get(path)!);
        assert.equal(schema.properties?.apiVersion?.const, apiVersionOf(g, d.version), path);
      }
    }
  });

  describe('seed manifests', () => {
    const seeds = manifestsIn('examples/seed-000-maxscale');

    it('finds them', () => assert.equal(seeds.length, 15));

    for (const { file, index, object } of seeds) {
      it(`accepts ${file}#${index} in its per-group files and in all.json`, () => {
        // The Enterprise Operator's documentation: its group's default (25.10), which k8s.mariadb.com offers too.
        const definition = defaultKindIn(set, 'enterprise.mariadb.com', String(object.kind));
        assert.ok(definition, `a kind for ${String(object.kind)}`);
        for (const [group, file] of pathsOf(definition)) {
          const manifest = { ...object, apiVersion: apiVersionOf(group, definition.version) };
          for (const path of [file, ...(defaultGroupsOf(set, definition).includes(group) ? [ALL_PATH] : [])]) {
            const validate = validatorFor(path);
            assert.ok(validate(manifest), `${path} (${group}): ${JSON.stringify(validate.errors, null, 1)}`);
          }
        }
      });
    }
  });

  describe('all.json', () => {
    const maxscale = () => manifestsIn('examples/seed-000-maxscale').find((m) => m.file === '02-maxscale-fine-grained.yaml')!.object;

    it('accepts documents of other kinds: a ConfigMap, a kind of ours in another version, a scalar', () => {
      const validate = validatorFor(ALL_PATH);
      for (const other of [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { key: 'value' } },
        { apiVersion: 'enterprise.mariadb.com/v2', kind: 'MaxScale', spec: { anything: true } },
        'a plain string',
        null,
      ]) {
        assert.ok(validate(other), `${JSON.stringify(other)}: ${JSON.stringify(validate.errors)}`);
      }
    });

    it('rejects a misspelled field (spec.monitr) of a MaxScale in either group', () => {
      const validate = validatorFor(ALL_PATH);
      for (const apiVersion of ['enterprise.mariadb.com/v1alpha1', 'k8s.mariadb.com/v1alpha1']) {
        const object = maxscale();
        const spec = object.spec as Record<string, unknown>;
        const { monitor, ...rest } = spec;
        const wrong = { ...object, apiVersion, spec: { ...rest, monitr: monitor } };
        assert.equal(validate(wrong), false, apiVersion);
        assert.ok(
          validate.errors?.some(
            (e) =>
              e.instancePath === '/spec' &&
              e.keyword === 'additionalProperties' &&
              (e.params as { additionalProperty?: string }).additionalProperty === 'monitr',
          ),
          JSON.stringify(validate.errors),
        );
      }
    });

    it('checks a MariaDB and a Connection by their own schemas', () => {
      const validate = validatorFor(ALL_PATH);
      assert.equal(validate({ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'm' }, spec: { storage: { size: '1GB' } } }), false);
      assert.ok(
        validate.errors?.some((e) => e.instancePath === '/spec/storage/size'),
        JSON.stringify(validate.errors),
      );
      assert.equal(validate({ apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'Connection', metadata: { name: 'c' }, spec: { port: 99999 } }), false);
    });

    it('holds each shared definition once, the same as in the per-kind files', () => {
      const all = parse(byPath.get(ALL_PATH)!);
      for (const file of files.filter((f) => f.path !== ALL_PATH)) {
        for (const [name, definition] of Object.entries(parse(file).definitions ?? {})) {
          assert.deepEqual(all.definitions?.[name], definition, `${file.path}: ${name}`);
        }
      }
      for (const d of defaultKinds(set)) {
        const operator = d.operatorVersion ? `_operator_${d.operatorVersion.replace(/\./g, '_')}` : '';
        assert.ok(all.definitions?.[`${d.kind}_${d.version}${operator}`], `${d.kind} root`);
      }
    });

    it('fails loudly when two kinds bring different definitions under one name', () => {
      const original = set.kinds.find((d) => d.kind === 'Galera')!;
      const impostor = {
        ...original,
        file: 'schemas/example.com/v1beta2/galera.schema.json',
        sourceGroup: 'example.com',
        groups: ['example.com'],
        schema: { ...original.schema, description: 'Another Galera.' },
      };
      assert.throws(() => emitIdeSchemas({ ...set, kinds: [...set.kinds, impostor] }), /Galera_v1beta2 differs/);
    });
  });

  it('rejects a MaxScale of the other group in a per-group file', () => {
    const validate = validatorFor('generated/ide-schemas/enterprise.mariadb.com/maxscale_v1alpha1.json');
    assert.equal(validate({ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'x' }, spec: { mariaDbRef: { name: 'm' } } }), false);
  });

  it('is the same bytes from the same input', () => {
    const again = emitIdeSchemas(loadSchemas());
    assert.deepEqual(again, files);
    assert.deepEqual(emitIdeSchemas(set), files);
  });

  describe('schema rewrites', () => {
    it('moves constraints next to a $ref into allOf and leaves annotation-only siblings alone', () => {
      const schema: JSONSchema = {
        properties: {
          constrained: { $ref: '#/definitions/Name', description: 'd', maxLength: 10 },
          annotated: { $ref: '#/definitions/Name', description: 'd', title: 't', default: 'x' },
        },
      };
      assert.deepEqual(refSiblingsToAllOf(schema), {
        properties: {
          constrained: { description: 'd', maxLength: 10, allOf: [{ $ref: '#/definitions/Name' }] },
          annotated: { $ref: '#/definitions/Name', description: 'd', title: 't', default: 'x' },
        },
      });
    });

    it('strips x-mdbkit-* keywords but not properties of that name or x-kubernetes-*', () => {
      const schema: JSONSchema = {
        'x-mdbkit-kind': { kind: 'K' },
        properties: { 'x-mdbkit-note': { type: 'string', 'x-mdbkit-mixins': [] }, list: { type: 'array', 'x-kubernetes-list-type': 'set' } },
      };
      assert.deepEqual(stripBuildMetadata(schema), {
        properties: { 'x-mdbkit-note': { type: 'string' }, list: { type: 'array', 'x-kubernetes-list-type': 'set' } },
      });
    });
  });
});
