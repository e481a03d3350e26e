// Editors, json-schema-to-typescript, Helm and ajv all want one self-contained schema. This copies
// every definition a kind reaches into its own `definitions` and points each `$ref` there.
import { mapSchema, type JSONSchema } from '../json-schema.js';
import type { SchemaLookup } from '../schema-lookup.js';

/** A definition that is only a `$ref` is an alias: follow it, so the bundle holds the real thing once. */
function followAliases(ref: string, lookup: SchemaLookup): { ref: string; target: JSONSchema } {
  const seen = new Set<string>();
  let current = ref;
  for (;;) {
    if (seen.has(current)) throw new Error(`$ref cycle of aliases at ${current}`);
    seen.add(current);
    const target = lookup.resolve(current);
    const keys = Object.keys(target).filter((k) => k !== 'description' && k !== '$comment');
    if (keys.length === 1 && typeof target.$ref === 'string') current = target.$ref;
    else return { ref: current, target };
  }
}

/**
 * A definition keeps its own name unless another schema file defines the same name (the Kubernetes
 * LocalObjectReference and the operators' lean one, say); then both are qualified by their file, so
 * the choice never depends on which was reached first.
 */
function definitionName(ref: string, lookup: SchemaLookup): string {
  const match = /^(?:.*\/)?([^/#]+)\.schema\.json#\/definitions\/([^/]+)$/.exec(ref);
  if (!match?.[1] || !match[2]) throw new Error(`$ref ${ref}: mdbkit schemas reference shared types only as <file>.schema.json#/definitions/<Name>`);
  const [, file, name] = match;
  if (lookup.definitionOwners(name) <= 1) return name;
  const qualifier = file.replace(/(^|[-_.])([a-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());
  return `${qualifier}${name}`;
}

export function bundleStandalone(schema: JSONSchema, lookup: SchemaLookup): JSONSchema {
  const definitions: Record<string, JSONSchema> = {};
  const refOfName = new Map<string, string>();

  const rewrite = (node: JSONSchema): JSONSchema =>
    mapSchema(node, (sub) => {
      if (typeof sub.$ref !== 'string' || sub.$ref.startsWith('#')) return sub;
      const { ref, target } = followAliases(sub.$ref, lookup);
      const name = definitionName(ref, lookup);
      const owner = refOfName.get(name);
      if (owner !== undefined && owner !== ref) throw new Error(`two shared definitions are both named ${name}: ${owner} and ${ref}`);
      if (owner === undefined) {
        refOfName.set(name, ref);
        definitions[name] = {}; // reserve the name first: definitions may refer to themselves
        definitions[name] = rewrite(target);
      }
      return { ...sub, $ref: `#/definitions/${name}` };
    });

  const { definitions: _own, ...body } = schema;
  const bundled = rewrite(body);
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((name) => [name, definitions[name]!]),
  );
  return Object.keys(sorted).length > 0 ? { ...bundled, definitions: sorted } : bundled;
}

export function hasRemoteRefs(schema: JSONSchema): boolean {
  let found = false;
  mapSchema(schema, (node) => {
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) found = true;
    return node;
  });
  return found;
}
