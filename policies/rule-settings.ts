// Which rules run and at what severity: what a `.mdbkit.yaml` (lint) or the webhook chart's `disabledRules`
// value says. A rule is named by its id or by its area (`maxscale/*`); an enable wins over a disable, so
// "every maxscale rule but this one" is `disable: [maxscale/*]` with `enable: [maxscale/pdb-one-of]`.
// A name that matches no rule is an error with the nearest id, never silently ignored.
import { closestName } from './closest-name.js';
import type { Severity } from './field-error.js';

export interface RuleSettingsInput {
  disable?: readonly string[];
  enable?: readonly string[];
  /** Rule id → severity. */
  severity?: Readonly<Record<string, Severity>>;
}

export interface RuleSettings {
  isEnabled(id: string): boolean;
  /** The severity a rule's findings carry: its own unless re-graded. */
  severityOf(id: string, own: Severity): Severity;
  /** Ids (and areas) as given, for SARIF's configuration overrides. */
  readonly disabled: readonly string[];
  readonly regraded: Readonly<Record<string, Severity>>;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  isEnabled: () => true,
  severityOf: (_id, own) => own,
  disabled: [],
  regraded: {},
};

/** A rule name that is not one of the known ids or areas, with the nearest id when one is close. */
export class UnknownRuleError extends Error {
  constructor(
    readonly ruleName: string,
    readonly where: string,
    readonly suggestion: string | undefined,
  ) {
    super(`${where}: unknown rule "${ruleName}"${suggestion ? `; did you mean "${suggestion}"?` : '; `mdbkit rules` lists them'}`);
  }
}

function areaOf(id: string): string {
  return id.slice(0, id.indexOf('/'));
}

/** Whether a rule name (an id, or `<area>/*`) names the rule `id`: how settings, annotations and SARIF read names. */
export function namesRule(pattern: string, id: string): boolean {
  return pattern === id || (pattern.endsWith('/*') && areaOf(id) === pattern.slice(0, -2));
}

/** Throws UnknownRuleError for the first name that is neither a known id nor `<known area>/*`. */
export function checkRuleNames(names: readonly string[], knownIds: readonly string[], where: (index: number) => string): void {
  const areas = new Set(knownIds.map(areaOf));
  names.forEach((name, index) => {
    const known = name.endsWith('/*') ? areas.has(name.slice(0, -2)) : knownIds.includes(name);
    if (!known) throw new UnknownRuleError(name, where(index), closestName(name, [...knownIds, ...[...areas].map((a) => `${a}/*`)]));
  });
}

/** Settings from validated names (see checkRuleNames). */
export function ruleSettings(input: RuleSettingsInput): RuleSettings {
  const disable = [...(input.disable ?? [])];
  const enable = [...(input.enable ?? [])];
  const severity = { ...(input.severity ?? {}) };
  const cache = new Map<string, boolean>();
  return {
    isEnabled(id) {
      let enabled = cache.get(id);
      if (enabled === undefined) {
        enabled = enable.some((p) => namesRule(p, id)) || !disable.some((p) => namesRule(p, id));
        cache.set(id, enabled);
      }
      return enabled;
    },
    severityOf: (id, own) => severity[id] ?? own,
    disabled: disable,
    regraded: severity,
  };
}
