// The MariaDB operators' kinds, one definition per kind and operator version: the imported base schema of
// the version's release (schemas/_imported/), with mdbkit's overlays (schemas/_overlays/) and its two
// general additions (object metadata checked, unknown fields reported) on top.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSchemaObject, type JSONSchema } from './json-schema.js';
import type { KindDefinition, KindNames } from './kind-definition.js';
import { SCHEMA_BASE_URI } from './project-paths.js';
import { readOperatorVersions, type OperatorVersions } from './operator-versions.js';
import { absolutiseRefs } from './transforms/absolutise-refs.js';
import { applyOverlays, type Overlay, type OverlayRefResolver } from './transforms/apply-overlays.js';
import { closeKnownObjects } from './transforms/close-known-objects.js';
import { hintQuantities } from './transforms/hint-quantities.js';
import { fieldPaths } from './field-paths.js';

export const IMPORTED_OPERATOR_DIR = '_imported/mariadb-operator';
export const OPERATOR_OVERLAYS_DIR = '_overlays/mariadb-operator';

export class OperatorKindError extends Error {}

interface OverlayFile {
  kind: string;
  overlays: Overlay[];
}

function readJson(file: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new OperatorKindError(`${shown}: not valid JSON: ${(err as Error).message}`);
  }
}

/** Overlays by kind, their `$ref`s made absolute against their own file. */
function readOverlays(dir: string): Map<string, Overlay[]> {
  const byKind = new Map<string, Overlay[]>();
  const folder = join(dir, OPERATOR_OVERLAYS_DIR);
  if (!existsSync(folder)) return byKind;
  for (const name of readdirSync(folder)
    .filter((n) => n.endsWith('.overlay.json'))
    .sort()) {
    const shown = `schemas/${OPERATOR_OVERLAYS_DIR}/${name}`;
    const raw = readJson(join(folder, name), shown);
    if (!isSchemaObject(raw) || typeof raw.kind !== 'string' || !Array.isArray(raw.overlays)) throw new OperatorKindError(`${shown}: needs kind and overlays`);
    const id = `${SCHEMA_BASE_URI}${OPERATOR_OVERLAYS_DIR}/${name}`;
    const overlays = (raw as unknown as OverlayFile).overlays.map((overlay, i) => {
      if (typeof overlay.at !== 'string' || typeof overlay.why !== 'string' || overlay.why.trim() === '' || !isSchemaObject(overlay.schema)) {
        throw new OperatorKindError(`${shown}: overlays[${i}] needs at, why and schema`);
      }
      const { $id: _id, ...schema } = absolutiseRefs({ $id: id, ...overlay.schema });
      return { ...overlay, schema };
    });
    byKind.set(raw.kind, [...(byKind.get(raw.kind) ?? []), ...overlays]);
  }
  return byKind;
}

/**
 * The CRD leaves apiVersion, kind and metadata to the API server; a manifest without them cannot be applied,
 * so mdbkit requires them and checks the name and labels as the API server will.
 */
function withObjectMeta(schema: JSONSchema): JSONSchema {
  const metadata: JSONSchema = {
    description: 'Standard object metadata; name is required.',
    type: 'object',
    'x-mdbkit-mixins': [`${SCHEMA_BASE_URI}_common/k8s.schema.json#/definitions/ObjectMeta`],
    properties: {
      name: {
        $ref: `${SCHEMA_BASE_URI}_common/formats.schema.json#/definitions/DNSSubdomainName`,
        description: 'Name of the object, unique in its namespace.',
      },
    },
    required: ['name'],
    additionalProperties: false,
  };
  return { ...schema, properties: { ...schema.properties, metadata }, required: [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])] };
}

function namesOf(base: JSONSchema, shown: string): KindNames & { version: string } {
  const block = base['x-mdbkit-kind'];
  const apiVersion = base.properties?.apiVersion?.const;
  if (!isSchemaObject(block) || typeof apiVersion !== 'string') throw new OperatorKindError(`${shown}: not an imported base schema (re-import it)`);
  const names = block as unknown as KindNames;
  return { ...names, listKind: `${names.kind}List`, version: apiVersion.split('/').pop()! };
}

/** Fields of the base that the composed schema lost: must be none. */
export function lostFields(base: JSONSchema, composed: JSONSchema): string[] {
  const kept = new Set(fieldPaths(composed).map((f) => f.path));
  return fieldPaths(base)
    .map((f) => f.path)
    .filter((path) => !path.startsWith('metadata.') && !kept.has(path));
}

export function composeOperatorKinds(dir: string, versions: OperatorVersions = readOperatorVersions(dir), resolve?: OverlayRefResolver): KindDefinition[] {
  const overlays = readOverlays(dir);
  const definitions: KindDefinition[] = [];
  for (const [operatorVersion, tag] of versions.tags) {
    const groups = [...versions.groups.values()]
      .filter((g) => g.versions.includes(operatorVersion))
      .map((g) => g.group)
      .sort();
    if (groups.length === 0) continue;
    const folder = join(dir, IMPORTED_OPERATOR_DIR, tag);
    if (!existsSync(folder))
      throw new OperatorKindError(`schemas/${IMPORTED_OPERATOR_DIR}/${tag} is missing: run npm run import-operator -- <checkout> ${tag}`);
    for (const name of readdirSync(folder)
      .filter((n) => n.endsWith('.schema.json'))
      .sort()) {
      const file = `schemas/${IMPORTED_OPERATOR_DIR}/${tag}/${name}`;
      const base = readJson(join(folder, name), file);
      if (!isSchemaObject(base)) throw new OperatorKindError(`${file}: must hold a JSON object`);
      const { version, ...names } = namesOf(base, file);
      let schema: JSONSchema = { ...base, $id: `${SCHEMA_BASE_URI}mariadb-operator/${operatorVersion}/${names.singular}.schema.json` };
      schema = withObjectMeta(schema);
      try {
        schema = applyOverlays(schema, overlays.get(names.kind) ?? [], operatorVersion, resolve);
      } catch (err) {
        throw new OperatorKindError(`schemas/${OPERATOR_OVERLAYS_DIR} (${names.kind}, operator ${operatorVersion}): ${(err as Error).message}`);
      }
      schema = closeKnownObjects(schema);
      if (resolve) schema = hintQuantities(schema, resolve(`${SCHEMA_BASE_URI}_common/k8s.schema.json#/definitions/Quantity`));
      const lost = lostFields(base, schema);
      if (lost.length > 0)
        throw new OperatorKindError(`${names.kind} at operator ${operatorVersion} lost the operator's fields ${lost.slice(0, 5).join(', ')}`);
      const { 'x-mdbkit-kind': _block, 'x-mdbkit-source': source, ...rest } = schema;
      definitions.push({
        ...names,
        groups,
        sourceGroup: versions.policyGroup,
        version,
        operatorVersion,
        ...(isSchemaObject(source) ? { source: source as unknown as NonNullable<KindDefinition['source']> } : {}),
        ...(versions.fieldNotes.has(names.kind) ? { fieldNotes: versions.fieldNotes.get(names.kind) } : {}),
        file,
        schema: rest,
      });
    }
  }
  return definitions;
}
