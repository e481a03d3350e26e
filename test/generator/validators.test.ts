// The schema check compiled at build time (generated/validators/, generator/emit-validators.ts) is current,
// reproducible, and says exactly what ajv compiling the same schema at run time says: the same errors, in the
// same order, with the same paths, parameters, messages and schemas, over every example and admission fixture
// and over broken variants of them (each field given a value of another type, unknown fields added, required
// ones removed), for every API group, version and operator version a kind is validated in.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../kinds/ajv-instance.js';
import { apiVersionOf } from '../../kinds/kind-definition.js';
import { standaloneKindSchema } from '../../kinds/kind-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { committedFile, emitValidators, validatedKinds } from '../../generator/emit-validators.js';
import { SchemaValidator, generatedValidator } from '../../policies/schema-validator.js';
import { schemaErrorsToFieldErrors } from '../../policies/schema-errors.js';
import { GENERATED_HEADER } from '../../generator/output-file.js';
import { FIXTURES_DIR, admissionRequests } from '../support/fixtures.js';

const set = loadSchemas();
const kinds = validatedKinds(set);

function yamlFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesBelow(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Manifest = { apiVersion?: unknown; kind?: unknown; [key: string]: unknown };

/** Every object of a kind mdbkit validates in the examples, the operator's own examples and the admission fixtures. */
function sampleObjects(): Manifest[] {
  const validated = new Set(kinds.map((k) => k.definition.kind));
  const out: Manifest[] = [];
  const files = [...yamlFilesBelow(join(FIXTURES_DIR, 'examples')), ...yamlFilesBelow(join(FIXTURES_DIR, 'mariadb-operator'))].sort();
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const object = document.toJS() as Manifest | null;
      if (object && typeof object === 'object' && validated.has(String(object.kind))) out.push(object);
    }
  }
  for (const { body } of admissionRequests()) {
    for (const object of [body.request.object, body.request.oldObject] as Array<Manifest | undefined>) {
      if (object && validated.has(String(object.kind))) out.push(object);
    }
  }
  return out;
}

/** Paths to every value below the root, in document order. */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...at, i], ...paths(item, [...at, i])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  return [];
}

function edited(object: Manifest, path: Array<string | number>, change: (parent: Record<string | number, Json>, key: string | number) => void): Manifest {
  const copy = structuredClone(object) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  change(parent, path.at(-1)!);
  return copy;
}

/** A value of another JSON type than the one given: what a typo or a wrong indentation makes. */
function otherType(value: Json): Json {
  if (typeof value === 'string') return 12;
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { item: value.length };
  if (value === null) return [];
  return 'object?';
}

/** Broken variants of an object: each of a spread of its values retyped or removed, an unknown field beside each object. */
function variants(object: Manifest): Manifest[] {
  const all = paths(object as Json).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
  const stride = Math.max(1, Math.floor(all.length / 10));
  const out: Manifest[] = [];
  for (let i = 0; i < all.length; i += stride) {
    const path = all[i]!;
    out.push(edited(object, path, (parent, key) => (parent[key] = otherType(parent[key]!))));
    out.push(
      edited(object, path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }),
    );
    out.push(
      edited(object, path, (parent, key) => {
        const value = parent[key];
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) value.unknwonField = 'x';
        else parent[key] = { unknwonField: 'x' };
      }),
    );
  }
  return out;
}

/** What a user could learn from an error: all of it, schemas included (they are where titles and field names come from). */
const comparable = (errors: ValidateFunction['errors']) => JSON.stringify(errors ?? null);

describe('the validators compiled at build time', function () {
  it('are current and byte-for-byte reproducible: compiled afresh, they are the committed files', async () => {
    const fresh = await emitValidators(set);
    assert.equal(fresh.length, kinds.length);
    for (const file of fresh) {
      assert.ok(file.contents.split('\n')[0]!.includes(GENERATED_HEADER), `${file.path} starts with the header`);
      assert.equal(committedFile(file.path), file.contents, `${file.path} is stale: run \`npm run generate\``);
    }
  });

  it('cover every kind in every API group and operator version', () => {
    const expected = set.kinds.flatMap((d) => d.groups.map((g) => `${apiVersionOf(g, d.version)} ${d.kind} ${d.operatorVersion ?? '-'}`)).sort();
    assert.deepEqual(
      kinds.map((k) => `${apiVersionOf(k.group, k.definition.version)} ${k.definition.kind} ${k.definition.operatorVersion ?? '-'}`).sort(),
      expected,
    );
    assert.ok(kinds.some((k) => k.definition.operatorVersion === '25.10') && kinds.some((k) => k.definition.operatorVersion === '26.6'));
  });

  it('give the errors ajv gives compiling the same schema at run time, on the fixtures and broken variants of them', async () => {
    const samples = sampleObjects();
    assert.ok(samples.length > 50, `only ${samples.length} sample objects found`);
    let compared = 0;
    let failing = 0;
    for (const { group, definition } of kinds) {
      const runtime = createAjv().compile(standaloneKindSchema(set, definition, [group]));
      const standalone = await generatedValidator({ group, definition });
      const apiVersion = apiVersionOf(group, definition.version);
      for (const sample of samples.filter((s) => s.kind === definition.kind)) {
        for (const object of [sample, ...variants(sample)].map((o) => ({ ...o, apiVersion }))) {
          const expected = runtime(object);
          const expectedErrors = comparable(runtime.errors);
          assert.equal(standalone(object), expected, `${definition.kind} in ${group}: the verdict differs`);
          assert.equal(comparable(standalone.errors), expectedErrors, `${definition.kind} in ${group} ${definition.operatorVersion ?? ''}: the errors differ`);
          assert.deepEqual(schemaErrorsToFieldErrors(standalone.errors), schemaErrorsToFieldErrors(runtime.errors));
          compared += 1;
          if (!expected) failing += 1;
        }
      }
    }
    // Enough of both for the comparison to mean something.
    assert.ok(compared > 10_000 && failing > compared / 2, `${compared} objects compared, ${failing} with errors`);
  });
});

describe('a validator that was not generated', () => {
  // A kind added to schemas/ without `npm run generate`: its module is not there.
  const renamed = { ...set, kinds: set.kinds.map((k) => (k.kind === 'MaxScale' ? { ...k, plural: 'maxscalez' } : k)) };

  it('stops the webhook from starting, saying what to run', () => {
    const validator = new SchemaValidator(renamed);
    assert.throws(
      () => validator.checkAvailable(['enterprise.mariadb.com']),
      /MaxScale in enterprise\.mariadb\.com is missing .*maxscalez\.cjs.*npm run generate/,
    );
    assert.doesNotThrow(() => validator.checkAvailable(['kubedb.com']));
  });

  it('fails the check of such an object with the same advice, and keeps failing on the next one', async () => {
    const validator = new SchemaValidator(renamed);
    const maxscale = { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'm' }, spec: {} };
    for (let i = 0; i < 2; i++) await assert.rejects(validator.validate(maxscale), /could not be loaded from .*maxscalez\.cjs.*npm run generate/);
  });
});
