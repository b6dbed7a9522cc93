/**
 * The store as the controllers see it during one tick: lists are cached until the next write
 * (any write, since one delete can cascade to other resources), so a pass of seven controllers
 * lists the pods once instead of seven times. Objects from `list` are shared: read, never mutate.
 */
import type { KubeObject, ResourceRef } from './kube-types.js';
import type { DeleteOptions, ListOptions, SimKubeStore } from './ports.js';

export class TickStore implements SimKubeStore {
  private readonly lists = new Map<string, KubeObject[]>();
  /** Writes made through this store this tick (the engine bounds them per tick). */
  writes = 0;

  constructor(private readonly inner: SimKubeStore) {}

  private invalidate(): void {
    this.writes++;
    this.lists.clear();
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.inner.get(ref, namespace, name);
  }

  list(ref: ResourceRef, options: ListOptions = {}): KubeObject[] {
    const key = `${ref.group}/${ref.resource}/${options.namespace ?? ''}`;
    let items = this.lists.get(key);
    if (!items) {
      items = this.inner.list(ref, options);
      this.lists.set(key, items);
    }
    return items;
  }

  create(ref: ResourceRef, obj: KubeObject): KubeObject {
    this.invalidate();
    return this.inner.create(ref, obj);
  }

  update(ref: ResourceRef, obj: KubeObject): KubeObject {
    this.invalidate();
    return this.inner.update(ref, obj);
  }

  updateStatus(ref: ResourceRef, obj: KubeObject): KubeObject {
    this.invalidate();
    return this.inner.updateStatus ? this.inner.updateStatus(ref, obj) : this.inner.update(ref, obj);
  }

  delete(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): void {
    this.invalidate();
    this.inner.delete(ref, namespace, name, options);
  }
}
