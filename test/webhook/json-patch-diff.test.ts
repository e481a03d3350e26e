// The law the webhook's patch rests on, now that no request proves it again: the patch applied to the request's
// object gives the defaulted object. Checked on the diff alone over arbitrary JSON, and through /mutate for
// generated objects of every kind mdbkit defaults (the examples with random fields taken out, so that defaults
// fill them back in), applying each patch with fast-json-patch's checks on, as the API server would apply it.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import { parseAllDocuments } from 'yaml';
import { apiGroupsOf } from '../../kinds/kind-definition.js';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { mutate } from '../../webhook/admission.js';
import { jsonPatchDiff } from '../../webhook/json-patch-diff.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const { applyPatch } = fastJsonPatch;

/** What JSON makes of a value: undefined keys gone, -0 as 0. */
const asJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function applied(before: unknown, patch: readonly fastJsonPatch.Operation[]): unknown {
  // validate = true: every operation is checked against the document (a path that does not exist fails).
  return applyPatch(structuredClone(before), patch as fastJsonPatch.Operation[], true, false).newDocument;
}

type Path = Array<string | number>;

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...at, i], ...pathsOf(item, [...at, i])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...pathsOf(v, [...at, k])]);
  return [];
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined;
}

/** An edit of a JSON document: a value set, a key or item removed, or one added, at one of its paths. */
const edits = fc.array(
  fc.record({ pick: fc.nat(), action: fc.constantFrom('set', 'remove', 'add'), key: fc.string({ maxLength: 6 }), value: fc.jsonValue({ maxDepth: 2 }) }),
  {
    maxLength: 8,
  },
);

interface Edit {
  pick: number;
  action: 'set' | 'remove' | 'add';
  key: string;
  value: unknown;
}

function edited(document: unknown, changes: Edit[]): unknown {
  const copy = structuredClone(document);
  for (const { value: generated, ...change } of changes) {
    // A copy: fast-check reuses its values while it shrinks, and a later edit may write into this one.
    const value = structuredClone(generated);
    const paths = pathsOf(copy);
    if (paths.length === 0) return value;
    const path = paths[change.pick % paths.length]!;
    const parent = parentOf(copy, path);
    if (!parent) continue;
    const key = path.at(-1)!;
    if (change.action === 'set') parent[key] = value;
    else if (change.action === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (Array.isArray(parent)) parent.splice(Number(key), 0, value);
    else parent[change.key] = value;
  }
  return copy;
}

describe('the JSON Patch diff', () => {
  it('law: applied to the first document, it gives the second, for unrelated documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        assert.deepEqual(asJson(applied(before, jsonPatchDiff(before, after))), asJson(after));
      }),
      { numRuns: 500 },
    );
  });

  it('law: applied to a document, it gives any edit of it (keys with / and ~, items added and removed)', () => {
    const documents = fc.dictionary(fc.constantFrom('a', 'b/c', 'd~e', '~1', 'list', 'spec'), fc.jsonValue({ maxDepth: 4 }));
    fc.assert(
      fc.property(documents, edits, (before, changes) => {
        const after = edited(before, changes);
        const beforeText = JSON.stringify(before);
        const afterText = JSON.stringify(after);
        const patch = jsonPatchDiff(before, after);
        assert.deepEqual(asJson(applied(before, patch)), asJson(after));
        // Neither document is touched.
        assert.equal(JSON.stringify(before), beforeText);
        assert.equal(JSON.stringify(after), afterText);
      }),
      { numRuns: 1000 },
    );
  });

  it('is empty for equal documents, whatever their key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.deepEqual(jsonPatchDiff(value, structuredClone(value)), []);
        const reordered = JSON.parse(
          JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)),
        );
        assert.deepEqual(jsonPatchDiff(value, reordered), []);
      }),
    );
  });

  it('escapes / and ~ in keys and removes items from the last down', () => {
    assert.deepEqual(jsonPatchDiff({ a: { 'x/y~z': 1 }, l: [1, 2, 3] }, { a: { 'x/y~z': 2 }, l: [1] }), [
      { op: 'replace', path: '/a/x~1y~0z', value: 2 },
      { op: 'remove', path: '/l/2' },
      { op: 'remove', path: '/l/1' },
    ]);
  });
});

function yamlFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesBelow(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

describe('/mutate patches', () => {
  const engine = createPolicyEngine();
  const served = apiGroupsOf(engine.schemas.schemas.kinds);
  const samples: KubeObject[] = [...yamlFilesBelow(join(FIXTURES_DIR, 'examples')), ...yamlFilesBelow(join(FIXTURES_DIR, 'mariadb-operator'))]
    .sort()
    .flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject | null))
    .filter((o): o is KubeObject => o !== null && typeof o === 'object' && engine.policyFor(o) !== undefined);
  // The other documents stand in for the cluster: a MaxScale's MariaDB is found, and its defaults computed.
  const reader = new ListClusterReader(samples.map((s) => ({ ...s, metadata: { namespace: 'default', ...s.metadata } })));
  const deps = { engine, reader, clusterDomain: 'cluster.local', servedGroups: served };

  it('cover every kind that has defaults', () => {
    const withDefaults = engine.allPolicies().filter((p) => p.defaults);
    const sampled = new Set(samples.map((s) => engine.policyFor(s)!));
    assert.deepEqual(
      withDefaults.filter((p) => !sampled.has(p)).map((p) => `${p.group} ${p.kind}`),
      [],
      'every kind with defaults has an example to generate objects from',
    );
  });

  it('law: applied to the request object, the patch gives the defaulted object, for generated objects of every kind', async () => {
    const picks = fc.record({ sample: fc.nat(), removed: fc.array(fc.nat(), { maxLength: 6 }) });
    let patched = 0;
    await fc.assert(
      fc.asyncProperty(picks, async ({ sample, removed }) => {
        const base = samples[sample % samples.length]!;
        const object = structuredClone(base);
        // Fields taken out of the spec, which the defaults may put back (in lists too).
        for (const pick of removed) {
          const paths = pathsOf(object.spec).map((p) => ['spec', ...p]);
          if (paths.length === 0) break;
          const path = paths[pick % paths.length]!;
          const parent = parentOf(object, path)!;
          if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
          else delete parent[path.at(-1)!];
        }
        const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
        const request = {
          uid: 'u',
          kind: { group, version, kind: String(object.kind) },
          resource: { group, version, resource: 'x' },
          operation: 'CREATE',
          namespace: 'default',
          object,
        };
        const requestText = JSON.stringify(object);
        const out = await mutate({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request }, deps);
        assert.equal(JSON.stringify(object), requestText, 'the request object is not changed');
        const expected = (await engine.default(JSON.parse(requestText) as KubeObject, {
          operation: 'CREATE',
          group: group!,
          namespace: 'default',
          clusterDomain: 'cluster.local',
          reader,
        }))!.object;
        const patch = out.review.response.patch
          ? (JSON.parse(Buffer.from(out.review.response.patch, 'base64').toString('utf8')) as fastJsonPatch.Operation[])
          : [];
        if (patch.length > 0) patched += 1;
        assert.deepEqual(asJson(applied(JSON.parse(requestText), patch)), asJson(expected));
      }),
      { numRuns: 600 },
    );
    assert.ok(patched > 100, `only ${patched} of the generated objects got a patch`);
  });
});
