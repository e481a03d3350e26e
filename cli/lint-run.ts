// One lint run over every document the user named, in the order admission would see them: each object is
// defaulted (the mutating webhook), then checked (the validating webhook), so a field a default fills in
// is never reported as missing. References between documents resolve through one reader over the run, which
// holds only the kinds policies look up.
import { ListClusterReader, type ClusterReader } from '../policies/cluster-reader.js';
import { INTERNAL_ERROR, KIND_NOT_IN_OPERATOR_VERSION } from '../policies/document-rules.js';
import type { FieldError } from '../policies/field-error.js';
import { groupOf, type KubeObject } from '../policies/kube-object.js';
import { isObject } from '../policies/object-fields.js';
import { DEFAULT_CLUSTER_DOMAIN, type PolicyContext } from '../policies/policy-context.js';
import type { PolicyEngine, RuleResult } from '../policies/policy-engine.js';
import type { Rule } from '../policies/rule.js';
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

/** A file's documents: an array, or a stream that parses the file again on each pass (streamManifests). */
export interface LintFile {
  file: string;
  documents: Iterable<ManifestDocument>;
  /** The documents again, with those of `kept` (by offset) taken as they are: a second pass parses only the rest. */
  reusing?(kept: ReadonlyMap<number, ManifestDocument>): Iterable<ManifestDocument>;
}

/** What defaulting gave a document, or what it threw. */
type Defaulting = { defaulted: KubeObject; warnings: FieldError[] } | { error: unknown };

/**
 * Lints every document in two passes over the files, so that memory follows the objects other documents refer
 * to, not the number of documents: the first keeps (and defaults) only the objects some policy may look up (a
 * MariaDB, a User, a Secret); the second judges each document against them and lets it go.
 */
export async function lintManifests(files: readonly LintFile[], engine: PolicyEngine): Promise<LintResult> {
  // Pass 1: the objects a reference can reach, as written (what defaults read) and as admission would store them.
  const referable = new Map<string, KubeObject>();
  // The kept documents of each file, by offset: the second pass takes them as they are rather than parse them again.
  const kept = files.map(() => new Map<number, ManifestDocument>());
  const counts = files.map(() => 0);
  for (const [i, file] of files.entries()) {
    for (const document of file.documents) {
      counts[i]!++;
      if (readable(document) && isObject(document.object) && engine.isReferable(document.object)) {
        referable.set(documentKey(i, document), document.object);
        kept[i]!.set(document.offset, document);
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
  for (const [i, file] of files.entries()) {
    for (const document of secondPass(file, kept[i]!, counts[i]!)) {
      const identity = identityOf(document.object);
      for (const problem of engine.grade(document.problems)) findings.push({ ...identity, ...problem, document: document.index });
      const outcome: DocumentOutcome = { file: document.file, index: document.index, ...document.start, ...identity, status: 'checked' };
      outcomes.push(outcome);
      if (!readable(document)) {
        outcome.status = 'unreadable';
        continue;
      }
      const absent = engine.schemas.kindInOtherVersions(identity.apiVersion, identity.kind);
      if (absent) {
        const message = `${absent.kind} is not a kind of mariadb-operator ${absent.chosen} (${absent.group}); operator ${absent.versions.join(', ')} ${absent.versions.length === 1 ? 'has' : 'have'} it. Lint for another version with --operator-version.`;
        const error: FieldError = { path: 'kind', rule: KIND_NOT_IN_OPERATOR_VERSION.id, severity: 'error', reason: 'FieldValueNotSupported', message };
        for (const graded of engine.grade([error])) findings.push(place(document, identity, graded, new Set()));
        continue;
      }
      const reason = skipReason(document.object, engine);
      if (reason) {
        outcome.status = 'skipped';
        outcome.note = `skipped ${describeObject(identity, `document ${document.index + 1}`)}: ${reason}`;
        continue;
      }
      const object = document.object as KubeObject;
      const result = defaulted.get(documentKey(i, document)) ?? (await defaultOne(object, rawReader, engine));
      if ('error' in result) findings.push(...engine.grade([internalError(document, identity, 'defaulting', result.error)]));
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
        findings.push(...engine.grade([internalError(document, identity, 'validation', error)]));
      }
      // The engine grades its findings; the annotation's are the run's own, graded by the same settings.
      const placed = dedupe([...engine.grade(annotationFindings), ...errors]);
      // One syntax tree for all of a document's findings (it may be parsed again on each read of `doc`).
      const doc = placed.length > 0 ? document.doc : undefined;
      for (const error of placed) findings.push(place(document, identity, error, keyRules, doc));
    }
  }

  const fileNames = files.map((f) => f.file);
  const sorted = sortFindings(findings, fileNames);
  return { files: fileNames, documents: outcomes, findings: sorted, summary: summarize(fileNames, outcomes, sorted), rules: tally.list() };
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

function documentKey(fileIndex: number, document: ManifestDocument): string {
  return `${fileIndex}\u0000${document.index}`;
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

/** The finding at its place in the source; `keyRules` are the rules whose findings name a field that should not be there. */
export function place(
  document: ManifestDocument,
  identity: ObjectIdentity,
  error: FieldError,
  keyRules: ReadonlySet<string> = new Set(),
  doc: ManifestDocument['doc'] = document.doc,
): Finding {
  const position = positionOfPath(doc, document.lineCounter, error.path, keyRules.has(error.rule) ? 'key' : 'value');
  return {
    file: document.file,
    ...position,
    ...identity,
    severity: error.severity,
    rule: error.rule,
    path: error.path,
    message: error.message,
    document: document.index,
  };
}

function internalError(document: ManifestDocument, identity: ObjectIdentity, stage: string, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    file: document.file,
    ...document.start,
    ...identity,
    severity: 'error',
    rule: INTERNAL_ERROR_RULE,
    path: '',
    message: `${stage} failed inside mdbkit: ${message}`,
    document: document.index,
  };
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
