// The rules of a whole document rather than of a kind: what the manifest reader reports (YAML that does not
// parse, a file it cannot read) and what the lint run itself reports (a policy that threw, a skip annotation naming no rule).
import { defineRule, type Rule } from './rule.js';

export const YAML_SYNTAX = defineRule({
  id: 'yaml/syntax',
  severity: 'error',
  reason: 'FieldValueInvalid',
  kinds: '*',
  reportedBy: 'reader',
  what: 'A document that is not well-formed YAML (bad indentation, a duplicate key, an unclosed quote); YAML warnings are reported under the same id as warnings.',
  why: 'kubectl cannot read the document, so nothing in it is applied, and no other check can run on it.',
  fix: 'Correct the YAML at the line and column given.',
});

export const INPUT_UNREADABLE = defineRule({
  id: 'input/unreadable',
  severity: 'error',
  reason: 'FieldValueInvalid',
  kinds: '*',
  reportedBy: 'reader',
  what: 'A file or folder the run could not read as text: over the size limit (--max-file-size), binary (NUL bytes or not UTF-8), a symbolic link loop, or an entry without read permission.',
  why: 'Nothing in it was checked; the rest of the run goes on, but a manifest there may be wrong unseen.',
  fix: 'Do what the message says: raise --max-file-size, fix the link or the permissions, or leave the path out (exclude in .mdbkit.yaml).',
});

export const INTERNAL_ERROR = defineRule({
  id: 'mdbkit/internal-error',
  severity: 'error',
  reason: 'FieldValueInvalid',
  kinds: '*',
  reportedBy: 'runner',
  what: 'mdbkit failed while defaulting or checking a document.',
  why: 'The document was not fully checked; this is a bug in mdbkit, not necessarily in the manifest.',
  fix: 'Report the message and the manifest to the mdbkit maintainers.',
});

export const SKIP_ANNOTATION_UNKNOWN_RULE = defineRule({
  id: 'mdbkit/skip-annotation-unknown-rule',
  severity: 'warning',
  reason: 'FieldValueNotFound',
  kinds: '*',
  reportedBy: 'runner',
  what: 'The mdbkit.dev/skip-rules annotation of an object names a rule mdbkit does not have.',
  why: 'The rule meant to be skipped is not: a misspelt id skips nothing, and the finding it was meant to silence is still reported.',
  fix: 'Use an id `mdbkit rules` lists (the message suggests the nearest), or remove it from the annotation.',
});

export const KIND_NOT_IN_OPERATOR_VERSION = defineRule({
  id: 'schema/kind-not-in-operator-version',
  severity: 'error',
  reason: 'FieldValueNotSupported',
  kinds: '*',
  reportedBy: 'runner',
  what: 'A kind of the MariaDB operators that the chosen mariadb-operator version does not have (PointInTimeRecovery before 26.x).',
  why: 'That operator has no CRD for it: kubectl apply fails with "no matches for kind", or an older CRD left behind is never reconciled.',
  fix: 'Upgrade the operator to a version the message names, or lint for the version the cluster runs (--operator-version).',
});

export const UNKNOWN_KIND = defineRule({
  id: 'document/unknown-kind',
  severity: 'error',
  reason: 'FieldValueNotSupported',
  kinds: '*',
  reportedBy: 'runner',
  what: 'A document in an API group mdbkit checks (enterprise.mariadb.com, k8s.mariadb.com, kubedb.com, ...) whose kind or version that group does not have (`kind: Maxscale`, `enterprise.mariadb.com/v1`).',
  why: 'No CRD serves it: kubectl apply fails with "no matches for kind", and nothing in the document was checked.',
  fix: 'Use the kind or apiVersion the message suggests (kinds and versions are case-sensitive); `mdbkit lint --help` lists every kind by group.',
});

export const LIST_ITEM_NOT_OBJECT = defineRule({
  id: 'document/list-item-not-object',
  severity: 'error',
  reason: 'FieldValueTypeInvalid',
  kinds: '*',
  reportedBy: 'runner',
  what: 'An item of a `kind: List` (or another *List kind, what `kubectl get -o yaml` prints) that is not an object, or a List whose `items` is not a list.',
  why: 'kubectl cannot apply it; the items of a List are linted one by one as documents, and this one is not a Kubernetes object.',
  fix: 'Make the item a Kubernetes object (apiVersion, kind, metadata, ...) or remove it.',
});

export const NOT_CHECKED = defineRule({
  id: 'document/not-checked',
  severity: 'error',
  reason: 'FieldValueNotSupported',
  kinds: '*',
  reportedBy: 'runner',
  what: 'With `mdbkit lint --strict` only: a document of a kind mdbkit does not check (a Deployment, a ConfigMap) or one that is not a Kubernetes object. Without --strict such documents are only counted in the summary.',
  why: 'Under --strict every input must be checked: a manifest that slipped into the folder by mistake, or a kind mdbkit does not know, fails the run instead of passing unseen.',
  fix: 'Leave the file out of the run (--exclude, or exclude in .mdbkit.yaml), or lint without --strict.',
});

export const DOCUMENT_RULES: readonly Rule[] = [
  YAML_SYNTAX,
  INPUT_UNREADABLE,
  INTERNAL_ERROR,
  SKIP_ANNOTATION_UNKNOWN_RULE,
  KIND_NOT_IN_OPERATOR_VERSION,
  UNKNOWN_KIND,
  LIST_ITEM_NOT_OBJECT,
  NOT_CHECKED,
];
