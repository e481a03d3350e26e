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

export interface KindDefinition extends KindNames {
  /** The group the schema file is written for (its folder under `schemas/`). */
  sourceGroup: string;
  /** Every API group that serves this kind with the same shape. */
  groups: string[];
  version: string;
  /** Path of the source file, relative to the project root. */
  file: string;
  /** The kind's schema with mixins expanded and every `$ref` absolute; apiVersion still of sourceGroup. */
  schema: JSONSchema;
}

/** Every API group some kind is served in, sorted. */
export function apiGroupsOf(kinds: readonly KindDefinition[]): string[] {
  return [...new Set(kinds.flatMap((k) => k.groups))].sort();
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
