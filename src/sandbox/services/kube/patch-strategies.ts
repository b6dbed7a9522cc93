/**
 * The patch-merge keys of the core types (the `patchStrategy:"merge" patchMergeKey:"..."` struct tags
 * of k8s.io/api), as a small schema tree: strategic merge patch merges these lists element by element
 * instead of replacing them.
 */
export interface FieldStrategy {
  /** The list's merge key; '' for a list of primitives merged as a set. */
  mergeKey?: string;
  /** Fields of the map (or of each list element). */
  fields?: Schema;
}

export type Schema = Record<string, FieldStrategy>;

const merge = (mergeKey: string, fields?: Schema): FieldStrategy => ({
  mergeKey,
  ...(fields ? { fields } : {}),
});
const nested = (fields: Schema): FieldStrategy => ({ fields });

const container: Schema = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
  resizePolicy: merge('resourceName'),
};

const podSpec: Schema = {
  containers: merge('name', container),
  initContainers: merge('name', container),
  ephemeralContainers: merge('name', container),
  volumes: merge('name'),
  imagePullSecrets: merge('name'),
  hostAliases: merge('ip'),
  topologySpreadConstraints: merge('topologyKey'),
  resourceClaims: merge('name'),
  schedulingGates: merge('name'),
};

const metadata: Schema = {
  ownerReferences: merge('uid'),
  finalizers: merge(''),
};

const conditions = merge('type');

const template = nested({ metadata: nested(metadata), spec: nested(podSpec) });

const workloadStatus: Schema = { conditions };

export const KIND_SCHEMAS: Record<string, Schema> = {
  Pod: {
    metadata: nested(metadata),
    spec: nested(podSpec),
    status: nested({ conditions, podIPs: merge('ip'), hostIPs: merge('ip') }),
  },
  Node: {
    metadata: nested(metadata),
    spec: nested({ podCIDRs: merge('') }),
    status: nested({ conditions, addresses: merge('type') }),
  },
  Deployment: { metadata: nested(metadata), spec: nested({ template }), status: nested(workloadStatus) },
  ReplicaSet: { metadata: nested(metadata), spec: nested({ template }), status: nested(workloadStatus) },
  DaemonSet: { metadata: nested(metadata), spec: nested({ template }), status: nested(workloadStatus) },
  Service: {
    metadata: nested(metadata),
    spec: nested({ ports: merge('port') }),
    status: nested({ conditions }),
  },
  Namespace: { metadata: nested(metadata), status: nested({ conditions }) },
  PodDisruptionBudget: { metadata: nested(metadata), status: nested({ conditions }) },
  ServiceAccount: { metadata: nested(metadata), secrets: merge('name') },
  CustomResourceDefinition: { metadata: nested(metadata), status: nested({ conditions }) },
};

export const GENERIC_SCHEMA: Schema = { metadata: nested(metadata) };
