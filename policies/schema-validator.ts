// The schema check that runs before any policy rule: the object against its kind's JSON Schema, for
// whichever served API group its apiVersion names. Validators are compiled on first use and cached.
import type { ValidateFunction } from 'ajv';
import { loadSchemas, type SchemaSet } from '../kinds/load-schemas.js';
import { apiVersionOf, type KindDefinition } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import { createAjv, type AjvInstance } from '../kinds/ajv-instance.js';
import type { FieldError } from './field-error.js';
import { schemaErrorsToFieldErrors } from './schema-errors.js';

export interface ServedKind {
  group: string;
  definition: KindDefinition;
}

export class SchemaValidator {
  private readonly ajv: AjvInstance;
  private readonly served = new Map<string, ServedKind>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly schemas: SchemaSet = loadSchemas()) {
    this.ajv = createAjv();
    for (const definition of schemas.kinds) {
      for (const group of definition.groups) {
        this.served.set(key(apiVersionOf(group, definition.version), definition.kind), { group, definition });
      }
    }
  }

  /** The kind of a group by its kind name (`MariaDB`) or its plural (`mariadbs`), if mdbkit has a schema for it. */
  definitionIn(group: string, name: { kind: string } | { plural: string }): KindDefinition | undefined {
    for (const definition of this.schemas.kinds) {
      if (!definition.groups.includes(group)) continue;
      if ('kind' in name ? definition.kind === name.kind : definition.plural === name.plural) return definition;
    }
    return undefined;
  }

  /** The kind behind an apiVersion and kind, if mdbkit has a schema for it. */
  servedKind(apiVersion: unknown, kind: unknown): ServedKind | undefined {
    return typeof apiVersion === 'string' && typeof kind === 'string' ? this.served.get(key(apiVersion, kind)) : undefined;
  }

  /**
   * Compiles now (start-up and tests) rather than on first use: every kind, or those of the given API groups
   * (the webhook's served groups: a kind it never judges would only take memory).
   */
  compileAll(groups?: readonly string[]): void {
    for (const [k, served] of this.served) if (!groups || groups.includes(served.group)) this.validatorFor(k, served);
  }

  /** Findings of the schema check; `undefined` when the object's kind is not one mdbkit serves. */
  validate(object: unknown): FieldError[] | undefined {
    const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const served = this.servedKind(apiVersion, kind);
    if (!served) return undefined;
    const validate = this.validatorFor(key(String(apiVersion), String(kind)), served);
    return validate(object) ? [] : schemaErrorsToFieldErrors(validate.errors);
  }

  private validatorFor(cacheKey: string, served: ServedKind): ValidateFunction {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(standaloneKindSchema(this.schemas, served.definition, [served.group]));
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}
