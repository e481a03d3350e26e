// The one narrow way cluster knowledge (the MariaDB a MaxScale refers to, say) reaches a policy. The
// webhook backs it with an informer cache, the linter with the other documents of the same run, and
// tests with a plain list.
import { groupOf, type KubeObject } from './kube-object.js';

export interface ObjectKey {
  kind: string;
  /** The object's namespace; `''` for a cluster-scoped object (a PlacementPolicy). */
  namespace: string;
  name: string;
  /** The API group, when it matters: KubeDB and the MariaDB operators both have a `MariaDB`. */
  group?: string;
}

/** Objects of one kind with one name, in whichever namespace: for references that name no namespace. */
export interface NameQuery {
  kind: string;
  name: string;
  group?: string;
}

export interface ClusterReader {
  /** The object, `undefined` when it does not exist, or `unknown` when the cluster could not be asked. */
  get(key: ObjectKey): Promise<KubeObject | undefined | 'unknown'>;
  /**
   * Every object of a kind with a name, in any namespace (KubeDB's spec.ocm names a SliceConfig without its
   * project namespace), or `unknown` when the cluster could not be asked. A reader without it cannot list.
   */
  named?(query: NameQuery): Promise<KubeObject[] | 'unknown'>;
}

/** A reader over a fixed list of objects: the linter's documents, or a test's fixtures. */
export class ListClusterReader implements ClusterReader {
  private readonly objects = new Map<string, KubeObject[]>();

  constructor(
    objects: Iterable<KubeObject> = [],
    private readonly defaultNamespace = 'default',
  ) {
    for (const object of objects) this.add(object);
  }

  add(object: KubeObject): void {
    const name = object.metadata?.name;
    if (typeof object.kind !== 'string' || typeof name !== 'string') return;
    const namespace = object.metadata?.namespace;
    const keys = [keyString({ kind: object.kind, namespace: namespace ?? this.defaultNamespace, name })];
    // A manifest without a namespace may be of a cluster-scoped kind, looked up with namespace ''.
    if (namespace === undefined && this.defaultNamespace !== '') keys.push(keyString({ kind: object.kind, namespace: '', name }));
    for (const key of keys) this.objects.set(key, [...(this.objects.get(key) ?? []), object]);
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    const candidates = this.objects.get(keyString(key)) ?? [];
    return key.group === undefined ? candidates[0] : candidates.find((object) => groupOf(object.apiVersion) === key.group);
  }

  async named(query: NameQuery): Promise<KubeObject[]> {
    const out = new Set<KubeObject>();
    for (const objects of this.objects.values()) {
      for (const object of objects) {
        if (object.kind !== query.kind || object.metadata?.name !== query.name) continue;
        if (query.group === undefined || groupOf(object.apiVersion) === query.group) out.add(object);
      }
    }
    return [...out];
  }
}

/** A reader that knows nothing: every lookup answers that the cluster could not be asked. */
export const OFFLINE_READER: ClusterReader = { get: async () => 'unknown' };

function keyString({ kind, namespace, name }: ObjectKey): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
