// mdbkit's CRDs replace the operator's own in a cluster, so they must keep every field the operator's CRD
// has, with a type the API server treats the same: a field missing from a structural schema is pruned
// (silently dropped from every object stored), and a field of another type is rejected. They must also keep
// the names, scope, printer columns and subresources kubectl and the operator use, and stay small enough for
// `kubectl apply`, which copies the whole object into an annotation (all annotations together at most
// 256 KiB: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'mariadb-operator');
const GENERATED = join(PROJECT_ROOT, 'generated', 'crds');

/** The API server's limit on the total size of an object's annotations (keys and values), in bytes. */
const ANNOTATIONS_LIMIT = 256 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface OpenApi {
  type?: string;
  properties?: Record<string, OpenApi>;
  items?: OpenApi;
  additionalProperties?: OpenApi | boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  additionalPrinterColumns?: unknown[];
  subresources?: unknown;
  schema: { openAPIV3Schema: OpenApi };
}

interface Crd {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; listKind?: string; plural: string; singular: string; shortNames?: string[] };
    versions: CrdVersion[];
  };
}

/**
 * Where mdbkit's CRD differs from the operator's on purpose, by `<operator version>/<plural>` and field path, and why.
 * Every entry must still be a difference (a stale entry fails), and every difference must be here.
 */
const DELIBERATE: Record<string, Array<{ path: string; why: string }>> = {};

interface OperatorVersions {
  versions: Record<string, string>;
  groups: Record<string, { default: string; versions: string[] }>;
}

const operatorVersions = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', 'operator-versions.json'), 'utf8')) as OperatorVersions;

function storageVersion(crd: Crd): CrdVersion {
  const stored = crd.spec.versions.filter((v) => v.storage);
  assert.equal(stored.length, 1, `${crd.metadata.name}: exactly one storage version`);
  return stored[0]!;
}

/**
 * Every field a CRD schema lists, as a dotted path (`spec.servers[].name`, `spec.labels.*`). Below `metadata`
 * the API server keeps its own ObjectMeta whatever the CRD says, so its subfields are not compared.
 */
function fieldsOf(schema: OpenApi, prefix = '', out = new Map<string, OpenApi>()): Map<string, OpenApi> {
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    out.set(path, sub);
    if (path !== 'metadata') fieldsOf(sub, path, out);
  }
  if (schema.items) fieldsOf(schema.items, `${prefix}[]`, out);
  if (typeof schema.additionalProperties === 'object') fieldsOf(schema.additionalProperties, `${prefix}.*`, out);
  return out;
}

/** What the API server makes of a field's value: its type, or int-or-string, or no type at all. */
function shapeOf(node: OpenApi): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  return node.type ?? '(no type)';
}

/** `spec.a[].b.*` → `spec.a[]`, `spec.a`, `spec`: the enclosing fields, nearest first. */
function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let rest = path;
  for (;;) {
    const cut = Math.max(rest.lastIndexOf('.'), rest.endsWith('[]') ? rest.length - 2 : -1);
    if (cut <= 0) return out;
    rest = rest.slice(0, cut);
    out.push(rest);
  }
}

/** Fields of the operator's schema that the generated one drops or types differently, with how. */
function differences(operator: OpenApi, generated: OpenApi): Array<{ path: string; problem: string }> {
  const mine = fieldsOf(generated);
  const out: Array<{ path: string; problem: string }> = [];
  for (const [path, theirs] of fieldsOf(operator)) {
    const ours = mine.get(path);
    if (!ours) {
      // A field below an object that keeps unknown fields is kept too, just not described.
      const keeper = ancestorsOf(path).find((a) => mine.get(a)?.['x-kubernetes-preserve-unknown-fields'] === true);
      if (!keeper) out.push({ path, problem: 'missing: the API server would prune it' });
      continue;
    }
    if (shapeOf(theirs) !== shapeOf(ours)) out.push({ path, problem: `type ${shapeOf(ours)}, the operator's is ${shapeOf(theirs)}` });
    if (theirs['x-kubernetes-preserve-unknown-fields'] === true && ours['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.push({ path, problem: 'drops x-kubernetes-preserve-unknown-fields: what the operator keeps inside it would be pruned' });
    }
  }
  return out;
}

/**
 * Bytes of the annotations after a client-side `kubectl apply`: the object as compact JSON under the
 * last-applied key, beside the annotations it already has. Go's JSON encoder writes <, > and & (and U+2028,
 * U+2029) as \u escapes, six bytes each.
 */
function annotationBytesAfterApply(crd: Crd): number {
  const json = JSON.stringify(crd).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const others = Object.entries(crd.metadata.annotations ?? {}).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  return Buffer.byteLength(LAST_APPLIED) + Buffer.byteLength(json) + others;
}

function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

const tags = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("generated CRDs keep everything the operator's CRDs have", () => {
  it('knows the operator version of every imported tag', () => {
    const mapped = Object.values(operatorVersions.versions);
    for (const tag of tags) assert.ok(mapped.includes(tag), `${tag} is not the tag of any version in schemas/operator-versions.json`);
  });

  for (const tag of tags) {
    const version = Object.keys(operatorVersions.versions).find((v) => operatorVersions.versions[v] === tag);
    if (!version) continue;
    const groups = Object.keys(operatorVersions.groups)
      .filter((g) => operatorVersions.groups[g]!.versions.includes(version))
      .sort();
    const crdDir = join(FIXTURES, tag, 'crds');
    const operatorCrds = readdirSync(crdDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => readYaml<Crd>(join(crdDir, f)));

    for (const group of groups) {
      const folder = join(GENERATED, group, version);

      describe(`${group} at operator ${version} (${tag})`, () => {
        it(`generates one CRD per operator CRD in generated/crds/${group}/${version}/, no more`, () => {
          assert.ok(existsSync(folder), `generated/crds/${group}/${version}/ is missing: run mdbkit generate`);
          const plurals = operatorCrds.map((c) => `${c.spec.names.plural}.yaml`).sort();
          assert.deepEqual(readdirSync(folder).sort(), plurals);
        });

        for (const operator of operatorCrds) {
          const plural = operator.spec.names.plural;
          const file = join(folder, `${plural}.yaml`);
          const text = (): string => {
            assert.ok(existsSync(file), `generated/crds/${group}/${version}/${plural}.yaml is missing: run mdbkit generate`);
            return readFileSync(file, 'utf8');
          };
          const load = (): Crd => parse(text()) as Crd;

          it(`${plural}: prunes no field of the operator's and types each the same`, () => {
            const generated = load();
            const found = differences(storageVersion(operator).schema.openAPIV3Schema, storageVersion(generated).schema.openAPIV3Schema);
            const expected = DELIBERATE[`${version}/${plural}`] ?? [];
            const unexplained = found.filter((d) => !expected.some((e) => e.path === d.path));
            const stale = expected.filter((e) => !found.some((d) => d.path === e.path));
            assert.deepEqual(unexplained, [], `${unexplained.length} fields differ from the operator's CRD`);
            assert.deepEqual(stale, [], 'deliberate differences that are no longer differences: remove them from the table');
          });

          it(`${plural}: keeps the operator's names, scope, version, printer columns and subresources`, () => {
            const generated = load();
            assert.equal(generated.metadata.name, `${plural}.${group}`);
            assert.equal(generated.spec.group, group);
            const names = ({ kind, listKind, plural: p, singular, shortNames }: Crd['spec']['names']) => ({ kind, listKind, plural: p, singular, shortNames });
            assert.deepEqual(names(generated.spec.names), names(operator.spec.names));
            assert.equal(generated.spec.scope, operator.spec.scope);
            const theirs = storageVersion(operator);
            const ours = storageVersion(generated);
            assert.equal(ours.name, theirs.name, 'served and stored at the same API version');
            assert.equal(ours.served, true);
            assert.deepEqual(ours.additionalPrinterColumns ?? [], theirs.additionalPrinterColumns ?? []);
            assert.deepEqual(ours.subresources, theirs.subresources);
          });

          it(`${plural}: fits kubectl apply's last-applied annotation`, () => {
            const generated = load();
            assert.ok(Buffer.byteLength(JSON.stringify(generated)) < ANNOTATIONS_LIMIT, 'the CRD as JSON is under 256 KiB');
            const bytes = annotationBytesAfterApply(generated);
            assert.ok(bytes < ANNOTATIONS_LIMIT, `annotations after a client-side apply would be ${bytes} bytes, the limit is ${ANNOTATIONS_LIMIT}`);
          });

          it(`${plural}: says it is generated, and from which operator release under which licence`, () => {
            const written = text();
            assert.match(written, /^# generated by mdbkit; do not edit/);
            assert.ok(written.includes(tag), `does not name the operator release ${tag}`);
            assert.match(written, /\bMIT\b/, "does not name the operator's licence");
          });
        }
      });
    }
  }

  it('writes no CRD of an operator group outside its version folders', () => {
    for (const group of Object.keys(operatorVersions.groups)) {
      const dir = join(GENERATED, group);
      const loose = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
      assert.deepEqual(loose, [], `generated/crds/${group}/ still holds CRDs beside its version folders`);
    }
  });
});
