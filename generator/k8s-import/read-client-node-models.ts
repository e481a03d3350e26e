import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readModelDeclaration } from './read-model-declaration.js';

export interface ModelField {
  /** JSON field name (attributeTypeMap `baseName`). */
  jsonName: string;
  /** client-node type string, e.g. `Array<V1EnvVar>`, `{ [key: string]: string; }`. */
  type: string;
  format: string;
  optional: boolean;
  description: string | undefined;
}

export interface ClientNodeModel {
  className: string;
  description: string | undefined;
  openApiVersion: string;
  fields: ModelField[];
}

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

/** Joins a model's runtime attributeTypeMap (types) with its .d.ts (descriptions, optionality). */
export async function readClientNodeModel(modelsDir: string, className: string): Promise<ClientNodeModel> {
  if (!/^[A-Za-z0-9]+$/.test(className)) {
    throw new Error(`not a client-node model class name: ${className}`);
  }
  const jsPath = path.join(modelsDir, `${className}.js`);
  const dtsPath = path.join(modelsDir, `${className}.d.ts`);
  const moduleExports = (await import(pathToFileURL(jsPath).href)) as Record<string, unknown>;
  const attributeTypes = attributeTypeMapOf(moduleExports[className], jsPath);
  const declaration = readModelDeclaration(className, dtsPath, await readFile(dtsPath, 'utf8'));

  const fields = attributeTypes.map((attribute): ModelField => {
    const declared = declaration.properties.get(attribute.name);
    if (!declared) {
      throw new Error(`${dtsPath}: attributeTypeMap has ${attribute.name} but the class does not declare it`);
    }
    return {
      jsonName: attribute.baseName,
      type: attribute.type,
      format: attribute.format,
      optional: declared.optional,
      description: declared.description,
    };
  });
  if (fields.length !== declaration.properties.size) {
    throw new Error(`${className}: .d.ts declares properties missing from attributeTypeMap`);
  }
  return {
    className,
    description: declaration.description,
    openApiVersion: declaration.openApiVersion,
    fields,
  };
}

function attributeTypeMapOf(modelClass: unknown, jsPath: string): AttributeType[] {
  const map = (modelClass as { attributeTypeMap?: unknown } | undefined)?.attributeTypeMap;
  if (!Array.isArray(map) || !map.every(isAttributeType)) {
    throw new Error(`${jsPath}: no usable static attributeTypeMap`);
  }
  return map;
}

function isAttributeType(value: unknown): value is AttributeType {
  const entry = value as Partial<AttributeType> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.name === 'string' &&
    typeof entry.baseName === 'string' &&
    typeof entry.type === 'string' &&
    typeof entry.format === 'string'
  );
}
