// mdbkit's additions to an imported kind: stricter formats, enums, descriptions, hints. Each overlay names
// the field it tightens and why; applying it may narrow what a field accepts but never removes a field the
// operator has or changes its type to another, so a schema with overlays prunes nothing the operator keeps.
// One function of semver rather than its index, which loads all ~50 of its modules on every CLI start.
import satisfies from 'semver/functions/satisfies.js';
import { isSchemaObject, type JSONSchema } from '../json-schema.js';
import { asSemver } from '../operator-versions.js';

export interface Overlay {
  /** The field, as a dotted path: `spec.storage.size`; `[]` after a name means its items, `*` a map's values. */
  at: string;
  /** One line: what the overlay prevents or adds. */
  why: string;
  /** A semver range of operator versions it applies to (`>=26.0`); every version when absent. */
  versions?: string;
  /** Keywords merged into the field's schema; `properties` merge field by field, `required` adds. */
  schema: JSONSchema;
}

export class OverlayError extends Error {}

// Keywords an overlay may set: what narrows, describes or hints. `type` only to a subset of the base's.
const MERGEABLE = new Set([
  'description',
  'title',
  'pattern',
  'format',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
  'properties',
  'items',
  'additionalProperties',
  'anyOf',
  'allOf',
  'not',
  'type',
  'examples',
  'x-kubernetes-validations',
]);

export function overlayApplies(overlay: Overlay, operatorVersion: string): boolean {
  return overlay.versions === undefined || satisfies(asSemver(operatorVersion), overlay.versions);
}

/** Resolves an overlay's `$ref` (a shared format such as Duration) to the schema whose keywords it merges. */
export type OverlayRefResolver = (ref: string) => JSONSchema;

export function applyOverlays(schema: JSONSchema, overlays: readonly Overlay[], operatorVersion: string, resolve?: OverlayRefResolver): JSONSchema {
  let out = schema;
  for (const overlay of overlays) {
    if (!overlayApplies(overlay, operatorVersion)) continue;
    const wanted = expandRefs(overlay.schema, overlay.at, resolve);
    out = atPath(out, overlay.at.split('.'), overlay.at, (node) => mergeInto(node, wanted, overlay.at));
  }
  return out;
}

/**
 * `$ref` in an overlay means "as strict as this shared definition": its narrowing keywords are merged (the
 * operator's description stays), so the CRD keeps a plain, structural field rather than a reference.
 */
function expandRefs(schema: JSONSchema, where: string, resolve?: OverlayRefResolver): JSONSchema {
  const { $ref, ...rest } = schema;
  let out: JSONSchema = {};
  if (typeof $ref === 'string') {
    if (!resolve) throw new OverlayError(`overlay at ${where}: $ref ${$ref} cannot be resolved here`);
    const { description: _d, $comment: _c, $id: _i, definitions: _defs, ...target } = resolve($ref);
    out = expandRefs(target, where, resolve);
  }
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'properties' && isSchemaObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, expandRefs(sub as JSONSchema, `${where}.${name}`, resolve)]));
    } else if (key === 'items' && isSchemaObject(value)) out.items = expandRefs(value, `${where}[]`, resolve);
    else out[key] = value;
  }
  return out;
}

function atPath(node: JSONSchema, segments: string[], whole: string, change: (node: JSONSchema) => JSONSchema): JSONSchema {
  if (segments.length === 0) return change(node);
  const [head = '', ...rest] = segments;
  if (head === '*') {
    if (!isSchemaObject(node.additionalProperties)) throw new OverlayError(`overlay at ${whole}: no map values at *`);
    return { ...node, additionalProperties: atPath(node.additionalProperties, rest, whole, change) };
  }
  const name = head.endsWith('[]') ? head.slice(0, -2) : head;
  const field = node.properties?.[name];
  if (!field) throw new OverlayError(`overlay at ${whole}: the operator's schema has no field ${name} there`);
  let changed: JSONSchema;
  if (head.endsWith('[]')) {
    if (!isSchemaObject(field.items)) throw new OverlayError(`overlay at ${whole}: ${name} is not a list`);
    changed = { ...field, items: atPath(field.items, rest, whole, change) };
  } else changed = atPath(field, rest, whole, change);
  return { ...node, properties: { ...node.properties, [name]: changed } };
}

function types(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? (value as string[]) : undefined;
}

function mergeInto(base: JSONSchema, overlay: JSONSchema, where: string): JSONSchema {
  const out: JSONSchema = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (!MERGEABLE.has(key)) throw new OverlayError(`overlay at ${where}: "${key}" is not a keyword an overlay may set`);
    if (key === 'properties') {
      if (!isSchemaObject(value)) throw new OverlayError(`overlay at ${where}: properties must be an object`);
      const merged: Record<string, JSONSchema> = { ...(base.properties ?? {}) };
      for (const [name, sub] of Object.entries(value)) {
        // A field the operator does not have would be accepted by mdbkit and pruned by the operator's CRD.
        if (!merged[name]) throw new OverlayError(`overlay at ${where}: the operator's schema has no field ${where}.${name}; an overlay cannot add one`);
        merged[name] = mergeInto(merged[name], sub as JSONSchema, `${where}.${name}`);
      }
      out.properties = merged;
    } else if (key === 'items') {
      if (!isSchemaObject(base.items) || !isSchemaObject(value))
        throw new OverlayError(`overlay at ${where}: items narrow a list's items; the field is not a list`);
      out.items = mergeInto(base.items, value, `${where}[]`);
    } else if (key === 'additionalProperties') {
      // Closing an object, or narrowing a map's values; never opening an object to fields it does not list.
      if (value === false) out.additionalProperties = false;
      else if (isSchemaObject(base.additionalProperties) && isSchemaObject(value))
        out.additionalProperties = mergeInto(base.additionalProperties, value, `${where}.*`);
      else throw new OverlayError(`overlay at ${where}: additionalProperties may only be false, or narrow the values of a map`);
    } else if (key === 'anyOf' && base.anyOf !== undefined) {
      // Replacing the operator's alternatives (an int-or-string's) could widen them; narrow with pattern instead.
      throw new OverlayError(`overlay at ${where}: the operator's schema has anyOf there; an overlay cannot replace it (narrow with pattern, minimum, ...)`);
    } else if (key === 'x-kubernetes-validations') {
      // CEL rules only add conditions: the operator's own rules stay, mdbkit's come after them.
      out[key] = [...((base[key] as unknown[] | undefined) ?? []), ...(value as unknown[])];
    } else if (key === 'required') {
      out.required = [...new Set([...(base.required ?? []), ...(value as string[])])];
    } else if (key === 'type') {
      const had = types(base.type);
      const wants = types(value) ?? [];
      if (had && !wants.every((t) => had.includes(t)))
        throw new OverlayError(`overlay at ${where}: type ${wants.join('|')} is not within the operator's ${had.join('|')}`);
      out.type = value as string | string[];
    } else if (key === 'enum' && Array.isArray(base.enum)) {
      const allowed = base.enum.map((v) => JSON.stringify(v));
      if (!(value as unknown[]).every((v) => allowed.includes(JSON.stringify(v)))) throw new OverlayError(`overlay at ${where}: enum widens the operator's`);
      out.enum = value as unknown[];
    } else out[key] = value;
  }
  return out;
}
