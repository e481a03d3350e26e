// What mdbkit adds to the operator's schemas and which operator version a user's manifests are judged at.
// Overlays may only narrow: an overlay that would let through what the operator's CRD rejects, or name a field
// the operator does not have, must fail loudly with the field's path, or mdbkit's schemas drift from the operator.
import { MARIADB_OPERATOR_KINDS } from '../support/operator-kinds.js';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { JSONSchema } from '../../kinds/json-schema.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { OperatorVersionError, parseOperatorVersionChoice, readOperatorVersions } from '../../kinds/operator-versions.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { applyOverlays, OverlayError, type Overlay } from '../../kinds/transforms/apply-overlays.js';

/** A small stand-in for an imported kind: a string, an integer, an enum, a list of objects, a map, an int-or-string. */
const BASE: JSONSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        image: { type: 'string', description: 'Image of the server.' },
        replicas: { type: 'integer', format: 'int32', description: 'Number of pods.' },
        updateStrategy: {
          type: 'object',
          properties: { type: { type: 'string', enum: ['ReplicasFirstPrimaryLast', 'RollingUpdate', 'OnDelete', 'Never'] } },
        },
        servers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      },
    },
  },
};

const overlay = (at: string, schema: JSONSchema, versions?: string): Overlay => ({ at, why: 'test', schema, ...(versions ? { versions } : {}) });

function specField(schema: JSONSchema, ...path: string[]): JSONSchema | undefined {
  let node: JSONSchema | undefined = schema.properties?.spec;
  for (const name of path) {
    if (name === '[]') node = node?.items;
    else if (name === '*') node = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    else node = node?.properties?.[name];
  }
  return node;
}

/** Applying must fail with an OverlayError that names the field, so the overlay's author can find it. */
function assertRefused(overlays: Overlay[], path: string, what: RegExp): void {
  assert.throws(
    () => applyOverlays(BASE, overlays, '26.6'),
    (err: unknown) => {
      assert.ok(err instanceof OverlayError, `expected an OverlayError, got ${String(err)}`);
      assert.ok(err.message.includes(path), `the message names ${path}: ${err.message}`);
      assert.match(err.message, what);
      return true;
    },
  );
}

describe('overlays narrow the operator schema and never widen it', () => {
  it('adds a pattern to a string, keeping its type and description, without changing the base', () => {
    const before = structuredClone(BASE);
    const out = applyOverlays(BASE, [overlay('spec.image', { pattern: '^\\S+$' })], '26.6');
    assert.deepEqual(specField(out, 'image'), { type: 'string', description: 'Image of the server.', pattern: '^\\S+$' });
    assert.deepEqual(BASE, before, 'the base schema is not mutated');
  });

  it("narrows an enum to a subset of the operator's", () => {
    const out = applyOverlays(BASE, [overlay('spec.updateStrategy.type', { enum: ['RollingUpdate', 'OnDelete'] })], '26.6');
    assert.deepEqual(specField(out, 'updateStrategy', 'type')?.enum, ['RollingUpdate', 'OnDelete']);
  });

  it('narrows an enum given through properties of an enclosing field', () => {
    const out = applyOverlays(BASE, [overlay('spec.updateStrategy', { properties: { type: { enum: ['Never'] } } })], '26.6');
    assert.deepEqual(specField(out, 'updateStrategy', 'type'), { type: 'string', enum: ['Never'] });
  });

  it('replaces a description and bounds an integer', () => {
    const out = applyOverlays(BASE, [overlay('spec.replicas', { description: 'Pods; odd for Galera.', minimum: 1 })], '26.6');
    assert.deepEqual(specField(out, 'replicas'), { type: 'integer', format: 'int32', description: 'Pods; odd for Galera.', minimum: 1 });
  });

  it('reaches list items with [] and map values with *', () => {
    const out = applyOverlays(BASE, [overlay('spec.servers[].name', { minLength: 1 }), overlay('spec.labels.*', { maxLength: 63 })], '26.6');
    assert.deepEqual(specField(out, 'servers', '[]', 'name'), { type: 'string', minLength: 1 });
    assert.deepEqual(specField(out, 'labels', '*'), { type: 'string', maxLength: 63 });
    assert.deepEqual(specField(out, 'servers', '[]', 'address'), { type: 'string' }, 'the sibling field is untouched');
  });

  it("refuses to widen the operator's enum", () => {
    assertRefused([overlay('spec.updateStrategy.type', { enum: ['RollingUpdate', 'Recreate'] })], 'spec.updateStrategy.type', /enum/);
  });

  it('refuses to widen an enum given through properties, naming the inner field', () => {
    assertRefused([overlay('spec.updateStrategy', { properties: { type: { enum: ['Recreate'] } } })], 'spec.updateStrategy.type', /enum/);
  });

  it('refuses to change integer to string', () => {
    assertRefused([overlay('spec.replicas', { type: 'string' })], 'spec.replicas', /type/);
  });

  it('refuses to widen integer to integer or string', () => {
    assertRefused([overlay('spec.replicas', { type: ['integer', 'string'] })], 'spec.replicas', /type/);
  });

  it("refuses to replace the operator's int-or-string anyOf with a wider one", () => {
    assertRefused([overlay('spec.port', { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'boolean' }] })], 'spec.port', /anyOf|type/);
  });

  it('refuses to make a string field int-or-string', () => {
    assertRefused([overlay('spec.image', { 'x-kubernetes-int-or-string': true })], 'spec.image', /int-or-string|type/);
  });

  it('refuses to open an object with fields to fields the operator does not list', () => {
    assertRefused([overlay('spec', { additionalProperties: { type: 'string' } })], 'spec', /additionalProperties/);
  });

  it('refuses a field the operator does not have, at the overlay or inside a list', () => {
    assertRefused([overlay('spec.imagePullSecret', { pattern: '^x' })], 'spec.imagePullSecret', /imagePullSecret/);
    assertRefused([overlay('spec.servers[].port', { minimum: 1 })], 'spec.servers[].port', /port/);
  });

  it('refuses a field the operator does not have, added through properties', () => {
    assertRefused([overlay('spec', { properties: { imagePullSecret: { type: 'string' } } })], 'spec.imagePullSecret', /imagePullSecret/);
  });

  it('refuses $ref, keywords that widen, and keywords it does not know', () => {
    assertRefused([overlay('spec.image', { $ref: 'https://mdbkit.dev/schemas/_common/formats.schema.json#/definitions/Image' })], 'spec.image', /\$ref/);
    assertRefused([overlay('spec', { 'x-kubernetes-preserve-unknown-fields': true })], 'spec', /x-kubernetes-preserve-unknown-fields/);
    assertRefused([overlay('spec.image', { patern: '^x' })], 'spec.image', /patern/);
  });

  it('applies an overlay with versions ">=26.0" to operator 26.6 and not to 25.10', () => {
    const only26 = [overlay('spec.image', { pattern: '^registry\\.' }, '>=26.0')];
    assert.equal(specField(applyOverlays(BASE, only26, '26.6'), 'image')?.pattern, '^registry\\.');
    assert.deepEqual(specField(applyOverlays(BASE, only26, '25.10'), 'image'), specField(BASE, 'image'));
  });
});

describe('choosing the operator version (--operator-version)', () => {
  const versions = readOperatorVersions();

  it('keeps every default when nothing is chosen', () => {
    assert.deepEqual(parseOperatorVersionChoice(versions, []), new Map());
  });

  it('26.6 picks k8s.mariadb.com only: the enterprise operator has no 26.6', () => {
    assert.deepEqual(parseOperatorVersionChoice(versions, ['26.6']), new Map([['k8s.mariadb.com', '26.6']]));
  });

  it('25.10 picks both groups', () => {
    assert.deepEqual(
      parseOperatorVersionChoice(versions, ['25.10']),
      new Map([
        ['k8s.mariadb.com', '25.10'],
        ['enterprise.mariadb.com', '25.10'],
      ]),
    );
  });

  it('k8s.mariadb.com=25.10 picks that group only', () => {
    assert.deepEqual(parseOperatorVersionChoice(versions, ['k8s.mariadb.com=25.10']), new Map([['k8s.mariadb.com', '25.10']]));
  });

  function assertListsChoices(values: string[], ...listed: RegExp[]): void {
    assert.throws(
      () => parseOperatorVersionChoice(versions, values),
      (err: unknown) => {
        assert.ok(err instanceof OperatorVersionError, `expected an OperatorVersionError, got ${String(err)}`);
        for (const pattern of listed) assert.match(err.message, pattern);
        return true;
      },
    );
  }

  it('refuses an unknown version, listing each group with its versions', () => {
    assertListsChoices(['27.1'], /27\.1/, /k8s\.mariadb\.com has 25\.10, 26\.6/, /enterprise\.mariadb\.com has 25\.10\b/);
  });

  it('refuses an unknown group, listing the groups', () => {
    assertListsChoices(['example.com=26.6'], /example\.com/, /k8s\.mariadb\.com/, /enterprise\.mariadb\.com/);
  });

  it("refuses a version the group's operator does not have, listing the group's", () => {
    assertListsChoices(['enterprise.mariadb.com=26.6'], /enterprise\.mariadb\.com has 25\.10\b/);
  });
});

describe('the operator kinds mdbkit loads, per operator version', () => {
  const ALL_KINDS: readonly string[] = MARIADB_OPERATOR_KINDS;
  const imported = loadSchemas().kinds.filter((k) => k.operatorVersion !== undefined);
  const kindsAt = (version: string, group: string): string[] =>
    imported
      .filter((k) => k.operatorVersion === version && k.groups.includes(group))
      .map((k) => k.kind)
      .sort();
  const mariadbAt = (version: string): KindDefinition => {
    const found = imported.filter((k) => k.operatorVersion === version && k.kind === 'MariaDB');
    assert.equal(found.length, 1, `one MariaDB at operator ${version}`);
    return found[0]!;
  };

  it('has all 12 kinds at 26.6 for k8s.mariadb.com', () => {
    assert.deepEqual(kindsAt('26.6', 'k8s.mariadb.com'), ALL_KINDS);
  });

  it('has 11 at 25.10, without PointInTimeRecovery, for both groups', () => {
    const eleven = ALL_KINDS.filter((k) => k !== 'PointInTimeRecovery');
    assert.deepEqual(kindsAt('25.10', 'k8s.mariadb.com'), eleven);
    assert.deepEqual(kindsAt('25.10', 'enterprise.mariadb.com'), eleven);
  });

  it('serves nothing at 26.6 under enterprise.mariadb.com', () => {
    assert.deepEqual(kindsAt('26.6', 'enterprise.mariadb.com'), []);
  });

  it('builds each kind at a version from that version’s release', () => {
    const versions = readOperatorVersions();
    for (const definition of imported)
      assert.equal(definition.source?.tag, versions.tags.get(definition.operatorVersion!), `${definition.kind} at ${definition.operatorVersion}`);
  });

  it("MariaDB has spec.maxScale at 25.10 and not at 26.6, as the operator's CRDs say", () => {
    const maxScaleIn = (schema: JSONSchema) => specField(schema, 'maxScale') !== undefined;
    assert.equal(maxScaleIn(mariadbAt('25.10').schema), true);
    assert.equal(maxScaleIn(mariadbAt('26.6').schema), false);
    const operatorHas = (tag: string): boolean => {
      const crd = parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'mariadb-operator', tag, 'crds', 'k8s.mariadb.com_mariadbs.yaml'), 'utf8')) as {
        spec: { versions: Array<{ schema: { openAPIV3Schema: JSONSchema } }> };
      };
      return maxScaleIn(crd.spec.versions[0]!.schema.openAPIV3Schema);
    };
    assert.equal(operatorHas('v25.10.2'), true);
    assert.equal(operatorHas('v26.6.0'), false);
  });
});
