// One lint run over every document the user named, in the order admission would see them: each object is
// defaulted (the mutating webhook), then checked (the validating webhook), so a field a default fills in
// is never reported as missing. References between documents resolve through one reader over the run, which
// holds only the kinds policies look up.
import { ListClusterReader, type ClusterReader } from '../policies/cluster-reader.js';
import { INTERNAL_ERROR, KIND_NOT_IN_OPERATOR_VERSION, LIST_ITEM_NOT_OBJECT, NOT_CHECKED } from '../policies/document-rules.js';
import { fieldPath, parseFieldPath, type FieldError } from '../policies/field-error.js';
import { groupOf, type KubeObject } from '../policies/kube-object.js';
import { isObject } from '../policies/object-fields.js';
import { DEFAULT_CLUSTER_DOMAIN, type PolicyContext } from '../policies/policy-context.js';
import type { PolicyEngine, RuleResult } from '../policies/policy-engine.js';
import { foldConsequences, hasPath, type RootCauseError } from '../policies/root-cause.js';
import type { Rule } from '../policies/rule.js';
import { schemaRuleId } from '../policies/schema-rules.js';
import { positionOfPath } from './field-position.js';
import {
  describeObject,
  sortFindings,
  summarize,
  type DocumentOutcome,
  type Finding,
  type LintResult,
  type ObjectIdentity,
  type RuleTally,
} from './finding.js';
import type { ManifestDocument } from './read-manifests.js';
import { skipRequest } from './skip-annotation.js';
import { servedGroups, unknownKindError } from './unknown-kind.js';

export const INTERNAL_ERROR_RULE = INTERNAL_ERROR.id;
const DEFAULT_NAMESPACE = 'default';

/**
 * The linter cannot ask a cluster, so an object that is not among the run's documents may still exist:
 * answer `unknown` for it (as an unreachable cluster would) rather than claim it is missing.
 */
export function runReader(objects: Iterable<KubeObject>): ClusterReader {
  const list = new ListClusterReader(objects, DEFAULT_NAMESPACE);
  return { get: async (key) => (await list.get(key)) ?? 'unknown' };
}

export function contextFor(object: KubeObject, reader: ClusterReader): PolicyContext {
  const namespace = object.metadata?.namespace;
  return {
    operation: 'CREATE',
    group: groupOf(object.apiVersion),
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : DEFAULT_NAMESPACE,
    clusterDomain: DEFAULT_CLUSTER_DOMAIN,
    reader,
  };
}

export function identityOf(object: unknown): ObjectIdentity {
  if (!isObject(object)) return {};
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const out: ObjectIdentity = {};
  if (typeof object.apiVersion === 'string') out.apiVersion = object.apiVersion;
  if (typeof object.kind === 'string') out.kind = object.kind;
  if (typeof metadata.name === 'string') out.name = metadata.name;
  return out;
}

/** Why a document is not checked, or undefined when the engine handles it. */
export function skipReason(object: unknown, engine: PolicyEngine): string | undefined {
  if (!isObject(object)) return `not a Kubernetes object (the document is ${Array.isArray(object) ? 'a list' : `a ${typeof object}`})`;
  const { apiVersion, kind } = identityOf(object);
  if (!apiVersion || !kind) return 'no apiVersion or kind: not a Kubernetes object';
  if (!engine.policyFor(object)) return 'not a kind mdbkit checks';
  return undefined;
}

/** Why a document or a List item is not defaulted or checked, or undefined when the engine handles it. */
export function unitSkipReason(unit: Unit, engine: PolicyEngine): string | undefined {
  if (unit.item !== undefined && !isObject(unit.object)) return `a List item must be a Kubernetes object, not ${describeValue(unit.object)}`;
  return skipReason(unit.object, engine);
}

/** A file's documents: an array, or a stream that parses the file again on each pass (streamManifests). */
export interface LintFile {
  file: string;
  documents: Iterable<ManifestDocument>;
  /** The documents again, with those of `kept` (by offset) taken as they are: a second pass parses only the rest. */
  reusing?(kept: ReadonlyMap<number, ManifestDocument>): Iterable<ManifestDocument>;
}

export interface LintOptions {
  /** Documents mdbkit does not check (other kinds, non-objects) are error findings (document/not-checked). */
  strict?: boolean;
}

/** What defaulting gave a document, or what it threw. */
type Defaulting = { defaulted: KubeObject; warnings: FieldError[] } | { error: unknown };

/**
 * One object to judge: a document, or an item of a List document (what `kubectl get -o yaml` prints). An item's
 * findings are placed at its lines through `prefix` (`items[3]`), but keep paths relative to the item: that is the
 * object kubectl applies and the webhook judges, so the path reads the same as in a denial, and the finding's line
 * and the object's kind and name already say which item it is.
 */
export interface Unit {
  object: unknown;
  /** The item's index in a List; undefined for a document of its own. */
  item?: number;
  /** Where the object sits in the document's tree: '' or `items[3]`. */
  prefix: string;
}

/** `kind: List` (apiVersion v1) and other `*List` kinds with an `items` field; never a kind mdbkit serves. */
function isList(object: unknown, engine: PolicyEngine): object is Record<string, unknown> {
  if (!isObject(object) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return false;
  if (!(object.kind === 'List' || object.kind.endsWith('List')) || !('items' in object)) return false;
  return !engine.schemas.servedKind(object.apiVersion, object.kind);
}

/** The objects a document holds: itself, or each item of a List. */
export function unitsOf(object: unknown, engine: PolicyEngine): Unit[] {
  if (!isList(object, engine)) return [{ object, prefix: '' }];
  const items = Array.isArray(object.items) ? (object.items as unknown[]) : [];
  return items.map((item, i) => ({ object: item, item: i, prefix: `items[${i}]` }));
}

const joinPath = (prefix: string, path: string) =>
  prefix === '' ? path : path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;

/**
 * How much YAML text (characters) a run keeps every document of, rather than parse it again in its second pass:
 * the objects weigh about four times their text, so a repository's few MiB of manifests cost some MiB of memory,
 * and re-parsing was a fifth of the CPU of linting 5,000 documents (BENCHMARKS.md). Past it, memory follows the
 * referred-to objects again.
 */
export const KEEP_EVERY_DOCUMENT_UP_TO = 4 * 1024 * 1024;

/**
 * Lints every document in two passes over the files, so that memory follows the objects other documents refer
 * to, not the number of documents: the first keeps (and defaults) the objects some policy may look up (a
 * MariaDB, a User, a Secret), and every document while their text is under `keepBudget`; the second judges each
 * document against them and lets it go.
 */
export async function lintManifests(
  files: readonly LintFile[],
  engine: PolicyEngine,
  options: LintOptions = {},
  keepBudget: number = KEEP_EVERY_DOCUMENT_UP_TO,
): Promise<LintResult> {
  // Pass 1: the objects a reference can reach, as written (what defaults read) and as admission would store them.
  const referable = new Map<string, KubeObject>();
  // The kept documents of each file, by offset: the second pass takes them as they are rather than parse them again.
  const kept = files.map(() => new Map<number, ManifestDocument>());
  const counts = files.map(() => 0);
  let budget = keepBudget;
  for (const [i, file] of files.entries()) {
    for (const document of file.documents) {
      counts[i]!++;
      // Any document while the run is small: parsing it again in the second pass cost more than its object weighs.
      const size = document.textLength ?? 0;
      if (size <= budget) {
        budget -= size;
        kept[i]!.set(document.offset, document);
      }
      if (!readable(document)) continue;
      for (const unit of unitsOf(document.object, engine)) {
        if (isObject(unit.object) && engine.isReferable(unit.object)) {
          referable.set(unitKey(i, document, unit), unit.object);
          kept[i]!.set(document.offset, document);
        }
      }
    }
  }
  const rawReader = runReader(referable.values());
  const defaulted = new Map<string, Defaulting>();
  for (const [key, object] of referable) {
    if (!checkable(object, engine)) continue;
    defaulted.set(key, await defaultOne(object, rawReader, engine));
  }
  // What the API server would hold after admission: defaulted objects of our kinds, the rest as written.
  const reader = runReader(
    [...referable].map(([key, object]) => {
      const result = defaulted.get(key);
      return result && 'defaulted' in result ? result.defaulted : object;
    }),
  );

  // Pass 2: each document judged, then dropped.
  const findings: Finding[] = [];
  const outcomes: DocumentOutcome[] = [];
  const catalog = engine.catalog();
  const keyRules = new Set(catalog.filter((rule) => rule.pointsAtKey).map((rule) => rule.id));
  const tally = new RuleTallies(catalog);
  const groups = servedGroups(engine);
  for (const [i, file] of files.entries()) {
    for (const document of secondPass(file, kept[i]!, counts[i]!)) {
      // One syntax tree for all of a document's findings (a streamed document is parsed again on each read of `doc`).
      let tree: ManifestDocument['doc'] | undefined;
      const doc = () => (tree ??= document.doc);
      const own: Finding[] = engine.grade(document.problems).map((problem) => ({ ...identityOf(document.object), ...problem, document: document.index }));
      if (!readable(document)) {
        outcomes.push({ file: document.file, index: document.index, ...document.start, ...identityOf(document.object), status: 'unreadable' });
        findings.push(...own);
        continue;
      }
      const whole = document.object;
      if (isList(whole, engine) && !Array.isArray(whole.items)) {
        const message = `the items of a ${String(whole.kind)} must be a list of objects, not ${describeValue(whole.items)}`;
        const error: FieldError = { path: 'items', rule: LIST_ITEM_NOT_OBJECT.id, severity: 'error', reason: 'FieldValueTypeInvalid', message };
        for (const graded of engine.grade([error])) own.push(place(document, identityOf(whole), graded, keyRules, doc));
        outcomes.push({ file: document.file, index: document.index, ...document.start, ...identityOf(whole), status: 'checked' });
      }
      for (const unit of unitsOf(document.object, engine)) {
        const unitFindings: Finding[] = [];
        const at = (errors: readonly FieldError[], identity: ObjectIdentity) => {
          for (const error of errors) unitFindings.push(place(document, identity, error, keyRules, doc, unit));
        };
        const identity = identityOf(unit.object);
        const start = unit.item === undefined ? document.start : positionOfPath(doc(), document.lineCounter, unit.prefix);
        const outcome: DocumentOutcome = { file: document.file, index: document.index, line: start.line, column: start.column, ...identity, status: 'checked' };
        if (unit.item !== undefined) outcome.item = unit.item;
        outcomes.push(outcome);
        await judgeUnit(unit, identity, outcome, at, unitKey(i, document, unit));
        own.push(...causeFirst(unitFindings));
      }
      findings.push(...own);
    }
  }

  /** Judges one object, reporting its findings through `at` and its status through `outcome`. */
  async function judgeUnit(
    unit: Unit,
    identity: ObjectIdentity,
    outcome: DocumentOutcome,
    at: (errors: readonly FieldError[], identity: ObjectIdentity) => void,
    key: string,
  ): Promise<void> {
    if (unit.item !== undefined && !isObject(unit.object)) {
      outcome.status = 'skipped';
      const message = `a List item must be a Kubernetes object, not ${describeValue(unit.object)}`;
      at(engine.grade([{ path: '', rule: LIST_ITEM_NOT_OBJECT.id, severity: 'error', reason: 'FieldValueTypeInvalid', message }]), identity);
      return;
    }
    const absent = engine.schemas.kindInOtherVersions(identity.apiVersion, identity.kind);
    if (absent) {
      const message = `${absent.kind} is not a kind of mariadb-operator ${absent.chosen} (${absent.group}); operator ${absent.versions.join(', ')} ${absent.versions.length === 1 ? 'has' : 'have'} it. Lint for another version with --operator-version.`;
      at(engine.grade([{ path: 'kind', rule: KIND_NOT_IN_OPERATOR_VERSION.id, severity: 'error', reason: 'FieldValueNotSupported', message }]), identity);
      return;
    }
    const unknown = identity.apiVersion && identity.kind ? unknownKindError(identity.apiVersion, identity.kind, groups) : undefined;
    if (unknown) {
      at(engine.grade([unknown]), identity);
      return;
    }
    const reason = skipReason(unit.object, engine);
    if (reason) {
      outcome.status = 'skipped';
      const what = describeObject(identity, unit.item === undefined ? `document ${outcome.index + 1}` : `item ${unit.item + 1}`);
      outcome.note = `skipped ${what}: ${reason}`;
      if (options.strict) {
        const message = `${what} is not checked (${reason}); --strict fails on every document mdbkit does not check`;
        at(engine.grade([{ path: identity.kind ? 'kind' : '', rule: NOT_CHECKED.id, severity: 'error', reason: 'FieldValueNotSupported', message }]), identity);
      }
      return;
    }
    const object = unit.object as KubeObject;
    const result = defaulted.get(key) ?? (await defaultOne(object, rawReader, engine));
    if ('error' in result) at(engine.grade([internalErrorOf('defaulting', result.error)]), identity);
    const stored = 'defaulted' in result ? result.defaulted : object;
    const defaultWarnings = 'defaulted' in result ? result.warnings : [];
    // The object's own skip annotation (the defaulted clone keeps it).
    const { skip, findings: annotationFindings } = skipRequest(object, catalog);
    let errors: FieldError[] = [];
    try {
      const judgement = await engine.validate(stored, contextFor(stored, reader), { defaultWarnings, skip });
      errors = judgement?.findings ?? [];
      tally.add(judgement?.results ?? []);
    } catch (error) {
      at(engine.grade([internalErrorOf('validation', error)]), identity);
    }
    // The engine grades its findings; the annotation's are the run's own, graded by the same settings.
    // A typo's consequences fold into it (root-cause.ts); "written" is the object as the user wrote it.
    at(
      foldConsequences(dedupe([...engine.grade(annotationFindings), ...errors]), (path) => hasPath(object, path)),
      identity,
    );
  }

  const fileNames = files.map((f) => f.file);
  const sorted = sortFindings(findings, fileNames);
  return { files: fileNames, documents: outcomes, findings: sorted, summary: summarize(fileNames, outcomes, sorted), rules: tally.list() };
}

const UNKNOWN_FIELD_RULE = schemaRuleId('additionalProperties');

const insidePath = (path: string, parent: string) => parent === '' || path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);

/**
 * One object's findings in reading order (line, column), except that an unknown field comes before every other
 * finding inside its parent: the misspelt name is the cause to fix first, whatever line the others point at.
 */
export function causeFirst(findings: readonly Finding[]): Finding[] {
  const ordered = [...findings].sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  for (const cause of ordered.filter((f) => f.rule === UNKNOWN_FIELD_RULE)) {
    const parent = parentPath(cause.path);
    const from = ordered.indexOf(cause);
    const first = ordered.findIndex((f, j) => j < from && f.rule !== UNKNOWN_FIELD_RULE && insidePath(f.path, parent));
    if (first === -1) continue;
    ordered.splice(from, 1);
    ordered.splice(first, 0, cause);
  }
  return ordered;
}

function parentPath(path: string): string {
  const segments = parseFieldPath(path);
  return fieldPath(segments.slice(0, -1));
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function internalErrorOf(stage: string, error: unknown): FieldError {
  const message = error instanceof Error ? error.message : String(error);
  return { path: '', rule: INTERNAL_ERROR_RULE, severity: 'error', reason: 'FieldValueInvalid', message: `${stage} failed inside mdbkit: ${message}` };
}

/** A file's documents for the second pass: all kept ones as they are (a file of one big MaxScale), else parsed again around those kept. */
function secondPass(file: LintFile, kept: ReadonlyMap<number, ManifestDocument>, count: number): Iterable<ManifestDocument> {
  if (kept.size === count) return kept.values();
  return file.reusing ? file.reusing(kept) : file.documents;
}

/** A document without YAML errors (warnings do not stop it from being judged). */
function readable(document: ManifestDocument): boolean {
  return document.problems.every((p) => p.severity !== 'error');
}

/** An object the engine defaults and judges: of a kind mdbkit checks, at the operator version chosen. */
function checkable(object: KubeObject, engine: PolicyEngine): boolean {
  const { apiVersion, kind } = identityOf(object);
  return !engine.schemas.kindInOtherVersions(apiVersion, kind) && skipReason(object, engine) === undefined;
}

function unitKey(fileIndex: number, document: ManifestDocument, unit: Unit): string {
  return `${fileIndex}\u0000${document.index}\u0000${unit.item ?? ''}`;
}

/** The mutating webhook's part: defaults that read only what the documents held as written. */
async function defaultOne(object: KubeObject, rawReader: ClusterReader, engine: PolicyEngine): Promise<Defaulting> {
  try {
    const result = await engine.default(object, contextFor(object, rawReader));
    return { defaulted: result?.object ?? object, warnings: result?.warnings ?? [] };
  } catch (error) {
    return { error };
  }
}

/** How often each rule passed, failed and was skipped over the run, for the reporters (SARIF lists what ran). */
class RuleTallies {
  private readonly byId = new Map<string, RuleTally>();

  constructor(private readonly catalog: readonly Rule[]) {}

  add(results: readonly RuleResult[]): void {
    for (const result of results) {
      const tally = this.byId.get(result.rule) ?? { id: result.rule, passed: 0, failed: 0, skipped: 0 };
      if (result.status === 'pass') tally.passed++;
      else if (result.status === 'fail') tally.failed++;
      else tally.skipped++;
      this.byId.set(result.rule, tally);
    }
  }

  /** In catalog order. */
  list(): RuleTally[] {
    return this.catalog.flatMap((rule) => this.byId.get(rule.id) ?? []);
  }
}

/**
 * The finding at its place in the source; `keyRules` are the rules whose findings name a field that should not be
 * there. `unit` places an item of a List: its path is looked up under the item's prefix but reported as written.
 */
export function place(
  document: ManifestDocument,
  identity: ObjectIdentity,
  error: RootCauseError,
  keyRules: ReadonlySet<string> = new Set(),
  doc: ManifestDocument['doc'] | (() => ManifestDocument['doc']) = document.doc,
  unit: Pick<Unit, 'item' | 'prefix'> = { prefix: '' },
): Finding {
  const tree = typeof doc === 'function' ? doc() : doc;
  const where = (e: FieldError) => positionOfPath(tree, document.lineCounter, joinPath(unit.prefix, e.path), keyRules.has(e.rule) ? 'key' : 'value');
  const finding: Finding = {
    file: document.file,
    ...where(error),
    ...identity,
    severity: error.severity,
    rule: error.rule,
    path: error.path,
    message: error.message,
    document: document.index,
  };
  if (unit.item !== undefined) finding.item = unit.item;
  if (error.related) {
    finding.related = error.related.map((r) => {
      const { line, column } = where(r);
      return { line, column, severity: r.severity, rule: r.rule, path: r.path, message: r.message };
    });
  }
  return finding;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.rule}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
