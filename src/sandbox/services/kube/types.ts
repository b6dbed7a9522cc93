/**
 * The shapes the Kubernetes model works with. Objects stay plain JSON (what the wire carries and what
 * the state file persists); only `metadata` is typed, the rest is read by the code that needs it.
 */
export interface ResourceRef {
  group: string;
  version: string;
  /** The plural resource name: `pods`, `deployments`, `eniconfigs`. */
  resource: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [extra: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export type WatchListener = (event: WatchEvent) => void;

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ObjectList {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string;
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay events after this version; '' or '0' starts with ADDED events for what exists. */
  resourceVersion?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Write only `status` (the status subresource) or only the rest (the main resource). */
  subresource?: 'status';
  /**
   * The caller reads nothing of the result (the simulation's controllers): the stored object itself
   * is returned, not a copy; it must not be changed.
   */
  shareResult?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  /** Must match the object's uid / resourceVersion, else 409. */
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface DeleteResult {
  /** The object as deleted, or as it now is while it terminates (deletionTimestamp set). */
  object: KubeObject;
  /** False while the object waits for finalizers or a pod's grace period. */
  finished: boolean;
}
