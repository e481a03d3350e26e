// The schema check that runs before any policy rule: the object against its kind's JSON Schema, for
// whichever served API group its apiVersion names and the operator version chosen for that group.
// Validators are compiled on first use and cached.
import type { ValidateFunction } from 'ajv';
import { loadSchemas, type SchemaSet } from '../kinds/load-schemas.js';
import { apiVersionOf, type KindDefinition, type ServedKind } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import { createAjv, type AjvInstance } from '../kinds/ajv-instance.js';
import { chosenVersion, type OperatorVersionChoice } from '../kinds/operator-versions.js';
import type { FieldError } from './field-error.js';
import { schemaErrorsToFieldErrors } from './schema-errors.js';
import { versionNotes } from './operator-version-notes.js';

export type { ServedKind };

/** A kind the operator has in other versions than the one chosen for its group (PointInTimeRecovery before 26.x). */
export interface KindInOtherVersions {
  group: string;
  kind: string;
  chosen: string;
  /** The versions that have it, oldest first. */
  versions: string[];
}

export class SchemaValidator {
  private readonly ajv: AjvInstance;
  private readonly served = new Map<string, ServedKind>();
  /** Every definition of a served apiVersion and kind, across operator versions: for what changed between them. */
  private readonly everyVersion = new Map<string, ServedKind[]>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly schemas: SchemaSet = loadSchemas(),
    readonly operatorVersions: OperatorVersionChoice = new Map(),
  ) {
    this.ajv = createAjv();
    for (const definition of schemas.kinds) {
      for (const group of definition.groups) {
        const k = key(apiVersionOf(group, definition.version), definition.kind);
        this.everyVersion.set(k, [...(this.everyVersion.get(k) ?? []), { group, definition }]);
        if (definition.operatorVersion && definition.operatorVersion !== this.versionOf(group)) continue;
        this.served.set(k, { group, definition });
      }
    }
  }

  /** The operator version objects of a group are judged at; undefined for groups without versions. */
  versionOf(group: string): string | undefined {
    return this.schemas.operatorVersions ? chosenVersion(this.schemas.operatorVersions, this.operatorVersions, group) : undefined;
  }

  /** Every served kind: one per API group and kind, at the chosen operator versions. */
  servedKinds(): ServedKind[] {
    return [...this.served.values()];
  }

  /** The kind of a group by its kind name (`MariaDB`) or its plural (`mariadbs`), if mdbkit has a schema for it. */
  definitionIn(group: string, name: { kind: string } | { plural: string }): KindDefinition | undefined {
    for (const served of this.served.values()) {
      if (served.group !== group) continue;
      const definition = served.definition;
      if ('kind' in name ? definition.kind === name.kind : definition.plural === name.plural) return definition;
    }
    return undefined;
  }

  /** The kind behind an apiVersion and kind, if mdbkit has a schema for it. */
  servedKind(apiVersion: unknown, kind: unknown): ServedKind | undefined {
    return typeof apiVersion === 'string' && typeof kind === 'string' ? this.served.get(key(apiVersion, kind)) : undefined;
  }

  /** A kind that exists only in operator versions other than the chosen one. */
  kindInOtherVersions(apiVersion: unknown, kind: unknown): KindInOtherVersions | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || this.servedKind(apiVersion, kind)) return undefined;
    const others = this.everyVersion.get(key(apiVersion, kind));
    if (!others || others.length === 0) return undefined;
    const group = others[0]!.group;
    return { group, kind, chosen: this.versionOf(group) ?? '', versions: others.map((o) => o.definition.operatorVersion ?? '') };
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
    const k = key(String(apiVersion), String(kind));
    const validate = this.validatorFor(k, served);
    if (validate(object)) return [];
    const findings = schemaErrorsToFieldErrors(validate.errors);
    return served.definition.operatorVersion ? versionNotes(findings, served, this.everyVersion.get(k) ?? []) : findings;
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
