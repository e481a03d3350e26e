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

export const DOCUMENT_RULES: readonly Rule[] = [YAML_SYNTAX, INPUT_UNREADABLE, INTERNAL_ERROR, SKIP_ANNOTATION_UNKNOWN_RULE, KIND_NOT_IN_OPERATOR_VERSION];
