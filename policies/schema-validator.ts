// The schema check that runs before any policy rule: the object against its kind's JSON Schema, for
// whichever served API group its apiVersion names and the operator version chosen for that group.
// The validators were compiled at build time (generator/emit-validators.ts): each is loaded the first time
// its kind is judged, so a command loads only the kinds it meets, and nothing here compiles a schema (ajv is
// not even loaded: the generated code needs only ajv's small runtime helpers).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { loadComposedSchemas } from '../kinds/composed-schemas.js';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { apiVersionOf, type KindDefinition, type ServedKind } from '../kinds/kind-definition.js';
import { chosenVersion, type OperatorVersionChoice } from '../kinds/operator-versions.js';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { VALIDATORS_DIR, validatorModuleFile } from '../kinds/validator-modules.js';
import type { FieldError } from './field-error.js';
import { schemaErrorsToFieldErrors } from './schema-errors.js';
import { versionNotes } from './operator-version-notes.js';
import { loadValidatorScript } from './validator-script.js';

export type { ServedKind };

/** A kind the operator has in other versions than the one chosen for its group (PointInTimeRecovery before 26.x). */
export interface KindInOtherVersions {
  group: string;
  kind: string;
  chosen: string;
  /** The versions that have it, oldest first. */
  versions: string[];
}

/** Where a kind's validator comes from: the generated module, unless a test compares it with another. */
export type ValidatorSource = (served: ServedKind) => Promise<ValidateFunction>;

/** The module of a kind's validator, relative to the project. */
function generatedValidatorFile({ group, definition }: ServedKind): string {
  return `${VALIDATORS_DIR}/${validatorModuleFile(group, definition)}`;
}

/** The schema check of a kind as `mdbkit generate` compiled it (generated/validators/). */
export const generatedValidator: ValidatorSource = ({ group, definition }) => {
  const file = generatedValidatorFile({ group, definition });
  let loaded: unknown;
  try {
    loaded = loadValidatorScript(join(PROJECT_ROOT, file)).exports;
  } catch (error) {
    return Promise.reject(
      new Error(
        `the schema check of ${definition.kind} in ${group} could not be loaded from ${file} (${(error as Error).message}): run \`npm run generate\` after changing schemas/`,
        { cause: error },
      ),
    );
  }
  if (typeof loaded !== 'function') return Promise.reject(new Error(`${file} is not a validator mdbkit generated: run \`npm run generate\``));
  return Promise.resolve(loaded as ValidateFunction);
};

export class SchemaValidator {
  private readonly served = new Map<string, ServedKind>();
  /** Every definition of a served apiVersion and kind, across operator versions: for what changed between them. */
  private readonly everyVersion = new Map<string, ServedKind[]>();
  /** Loaded validators, and those being loaded (two objects of a kind judged at once load it once). */
  private readonly loaded = new Map<string, ValidateFunction>();
  private readonly loading = new Map<string, Promise<ValidateFunction>>();

  constructor(
    // The snapshot `mdbkit generate` wrote, as it wrote the validators: composing schemas/ here took a quarter of a one-file lint.
    readonly schemas: SchemaSet = loadComposedSchemas(),
    readonly operatorVersions: OperatorVersionChoice = new Map(),
    readonly source: ValidatorSource = generatedValidator,
  ) {
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
   * Loads now (the webhook's start, so the API server never waits for it; tests) rather than on first use:
   * every kind, or those of the given API groups (the webhook's served groups: a kind it never judges would
   * only take memory).
   */
  async loadAll(groups?: readonly string[]): Promise<void> {
    const pending: Array<Promise<ValidateFunction>> = [];
    for (const [k, served] of this.served) if (!groups || groups.includes(served.group)) pending.push(this.validatorFor(k, served));
    await Promise.all(pending);
  }

  /**
   * Throws, naming what to do, when a served kind of the given groups has no generated validator: for a start
   * that loads them lazily. Only for the generated validators (a test's own source has nothing to look for).
   */
  checkAvailable(groups?: readonly string[]): void {
    if (this.source !== generatedValidator) return;
    for (const served of this.served.values()) {
      if (groups && !groups.includes(served.group)) continue;
      const file = generatedValidatorFile(served);
      if (!existsSync(join(PROJECT_ROOT, file)))
        throw new Error(`the schema check of ${served.definition.kind} in ${served.group} is missing (${file}): run \`npm run generate\``);
    }
  }

  /** Findings of the schema check; `undefined` when the object's kind is not one mdbkit serves. */
  async validate(object: unknown): Promise<FieldError[] | undefined> {
    const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const served = this.servedKind(apiVersion, kind);
    if (!served) return undefined;
    const k = key(String(apiVersion), String(kind));
    const validate = this.loaded.get(k) ?? (await this.validatorFor(k, served));
    if (validate(object)) return [];
    const findings = schemaErrorsToFieldErrors(validate.errors);
    return served.definition.operatorVersion ? versionNotes(findings, served, this.everyVersion.get(k) ?? []) : findings;
  }

  private validatorFor(cacheKey: string, served: ServedKind): Promise<ValidateFunction> {
    let pending = this.loading.get(cacheKey);
    if (!pending) {
      pending = this.source(served).then((validate) => {
        this.loaded.set(cacheKey, validate);
        return validate;
      });
      // A failed load is tried again next time (and reported each time), not remembered as the answer.
      pending.catch(() => this.loading.delete(cacheKey));
      this.loading.set(cacheKey, pending);
    }
    return pending;
  }
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}
