// One table of cases per area (test/rule-cases/*.cases.ts): an object, and whether a rule fires on it. The
// same cases judge the policy rule (test/policies/rule-cases.test.ts) and its CEL twin in the CRD
// (test/generator/cel-twins.test.ts), so the two cannot drift apart unseen.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KubeObject } from '../../policies/kube-object.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

export interface RuleCase {
  /** The rule judged, `mariadb/galera-and-replication`. */
  rule: string;
  /** What the case shows, for the test title. */
  name: string;
  /** The whole object as a user writes it (apiVersion, kind, metadata, spec), before defaults. */
  object: KubeObject;
  /** The stored object: the case is an UPDATE. */
  old?: KubeObject;
  /** Other objects in the cluster (the rule's lookups); none when absent. */
  cluster?: KubeObject[];
  /** `--operator-version` values the case is judged at (`['25.10']`); each group's default when absent. */
  operatorVersions?: string[];
  /** The rule reports a finding (at `path`, when given) or stays silent. */
  fires: boolean;
  /** Kubernetes field path of the finding when it fires. */
  path?: string;
  /** The severity expected when it fires; `error` when absent. */
  severity?: 'error' | 'warning';
  /**
   * The case's verdict differs for the CEL twin, with why (the twin sees the object before the webhook's
   * defaults, say); the CEL test skips it.
   */
  celDiffers?: string;
}

const CASES_DIR = join(PROJECT_ROOT, 'test/rule-cases');

/** Every case of every table, with the table's file name. */
export async function allRuleCases(): Promise<Array<RuleCase & { table: string }>> {
  const files = readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.cases.ts'))
    .sort();
  const out: Array<RuleCase & { table: string }> = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(CASES_DIR, file)).href)) as { cases?: RuleCase[] };
    if (!Array.isArray(module.cases)) throw new Error(`${file} exports no \`cases\` array`);
    for (const c of module.cases) out.push({ ...c, table: file });
  }
  return out;
}
