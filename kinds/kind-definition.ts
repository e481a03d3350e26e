// What the generator, the policies and the webhook know about one custom resource kind. It is read
// from the `x-mdbkit-kind` block of the kind's schema, so the schema stays the one source of truth.
import type { JSONSchema } from './json-schema.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface KindNames {
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  scope: 'Namespaced' | 'Cluster';
  /** `kubectl get` columns. */
  printerColumns: PrinterColumn[];
  /** The scale subresource (`kubectl scale`), when the kind has one. */
  scale?: ScaleSubresource;
}

/** Where an imported kind's schema came from (the operator's repository, tag, commit, CRD file, licence). */
export interface KindSource {
  repository: string;
  tag: string;
  commit: string;
  file: string;
  licence: string;
}

export interface KindDefinition extends KindNames {
  /**
   * The group mdbkit's policies name the kind by: the folder under `schemas/` of a hand-written kind, the
   * operators' policy group (schemas/operator-versions.json) for an imported one.
   */
  sourceGroup: string;
  /** Every API group that serves this kind with the same shape. */
  groups: string[];
  version: string;
  /** The mariadb-operator version (release line, `26.6`) an imported kind follows; none for hand-written kinds. */
  operatorVersion?: string;
  /** What to do instead of a field some operator version lacks, by field shape (`spec.maxScale`). */
  fieldNotes?: Record<string, string>;
  /** The operator release an imported kind's base schema came from. */
  source?: KindSource;
  /** Path of the source file, relative to the project root. */
  file: string;
  /** The kind's schema with mixins expanded and every `$ref` absolute; apiVersion still of sourceGroup. */
  schema: JSONSchema;
}

/**
 * What a generated file made from the kind says of its source: the schema file and, for an imported kind,
 * the operator release whose text (descriptions) it carries and that text's licence.
 */
export function madeFromNote(definition: Pick<KindDefinition, 'file' | 'source'>): string {
  const source = definition.source;
  return source
    ? `${definition.file} (descriptions from ${source.repository} ${source.tag}, commit ${source.commit}, ${source.file}; licence ${source.licence})`
    : definition.file;
}

/** A kind as served in one API group (at the operator version chosen for that group). */
export interface ServedKind {
  group: string;
  definition: KindDefinition;
}

/** Every API group some kind is served in, sorted. */
export function apiGroupsOf(kinds: readonly KindDefinition[]): string[] {
  return [...new Set(kinds.flatMap((k) => k.groups))].sort();
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
