// Every rule a policy can report, in one catalog: the id is stable (tests, SARIF and denials use it),
// and what / why / fix are printed by `mdbkit rules` and linked from the README. Messages for a single
// finding are built here too, so wording stays in one place.
import type { CauseReason, FieldError, Severity } from './field-error.js';

export interface RuleDefinition {
  id: string;
  severity: Severity;
  /** What the rule catches, one line. */
  what: string;
  /** Why it matters: the failure a user would otherwise meet. */
  why: string;
  /** How to fix a finding. */
  fix: string;
  /** The Kubernetes StatusCause type of its findings. */
  reason: CauseReason;
}

const catalog = new Map<string, RuleDefinition>();

export interface Rule extends RuleDefinition {
  /** A finding of this rule at a field path, with a message that says what is wrong and what to do. */
  at(path: string, message: string): FieldError;
}

export function defineRule(definition: RuleDefinition): Rule {
  if (catalog.has(definition.id)) throw new Error(`rule ${definition.id} is defined twice`);
  if (!/^[a-z0-9]+\/[a-z0-9-]+$/.test(definition.id)) throw new Error(`rule id ${definition.id} is not <area>/<kebab-name>`);
  catalog.set(definition.id, definition);
  return {
    ...definition,
    at: (path, message) => ({ path, rule: definition.id, severity: definition.severity, message, reason: definition.reason }),
  };
}

/** Every rule defined so far, sorted by id. Import the policies (policies/registry.ts) first. */
export function ruleCatalog(): RuleDefinition[] {
  return [...catalog.values()].sort((a, b) => a.id.localeCompare(b.id));
}
