/**
 * The columns kubectl shows for each kind (the apiserver's TableConvertors in
 * pkg/printers/internalversion), priority 1 being the `-o wide` extras.
 */
import { age } from './human-duration.js';
import { podColumns } from './pod-status.js';

type Obj = Record<string, unknown>;
type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  format?: string;
  description: string;
  priority: number;
  cell: (o: Obj, now: number) => Cell;
}

const get = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Obj)[k] : undefined), o);
const str = (o: unknown, path: string, fallback = '<none>'): string => {
  const v = get(o, path);
  return v === undefined || v === null || v === '' ? fallback : typeof v === 'string' ? v : JSON.stringify(v);
};
const num = (o: unknown, path: string): number => {
  const v = get(o, path);
  return typeof v === 'number' ? v : 0;
};

const col = (
  name: string,
  type: Column['type'],
  description: string,
  cell: Column['cell'],
  priority = 0,
  format?: string,
): Column => ({
  name,
  type,
  ...(format ? { format } : {}),
  description,
  priority,
  cell,
});

export const NAME = col(
  'Name',
  'string',
  'Name must be unique within a namespace.',
  (o) => str(o, 'metadata.name', ''),
  0,
  'name',
);
export const AGE = col(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
  (o, now) => age(get(o, 'metadata.creationTimestamp') as string | undefined, now),
);

function selectorText(sel: unknown): string {
  const s = (sel ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

const containers = (path: string) => (o: Obj) =>
  ((get(o, path) as { name?: string }[] | undefined) ?? []).map((c) => c.name).join(',');
const images = (path: string) => (o: Obj) =>
  ((get(o, path) as { image?: string }[] | undefined) ?? []).map((c) => c.image).join(',');

const workloadWide = (path: string): Column[] => [
  col(
    'Containers',
    'string',
    'Names of each container in the template.',
    containers(`${path}.containers`),
    1,
  ),
  col(
    'Images',
    'string',
    'Images referenced by each container in the template.',
    images(`${path}.containers`),
    1,
  ),
  col('Selector', 'string', 'Label selector for pods.', (o) => selectorText(get(o, 'spec.selector')), 1),
];

function nodeStatus(o: Obj): string {
  const conditions = (get(o, 'status.conditions') as { type: string; status: string }[] | undefined) ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (get(o, 'spec.unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(o: Obj): string {
  const labels = (get(o, 'metadata.labels') as Record<string, string> | undefined) ?? {};
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .concat(labels['kubernetes.io/role'] ? [labels['kubernetes.io/role']] : []);
  return roles.length ? roles.sort().join(',') : '<none>';
}

const address = (type: string) => (o: Obj) =>
  ((get(o, 'status.addresses') as { type: string; address: string }[] | undefined) ?? []).find(
    (a) => a.type === type,
  )?.address ?? '<none>';

function servicePorts(o: Obj): string {
  const ports =
    (get(o, 'spec.ports') as { port: number; protocol?: string; nodePort?: number }[] | undefined) ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function eventObject(o: Obj): string {
  return `${str(o, 'involvedObject.kind', '').toLowerCase()}/${str(o, 'involvedObject.name', '')}`;
}

function lastSeen(o: Obj, now: number): string {
  const t = (get(o, 'lastTimestamp') ?? get(o, 'eventTime') ?? get(o, 'metadata.creationTimestamp')) as
    string | undefined;
  return age(t, now);
}

export const KIND_COLUMNS: Record<string, Column[]> = {
  Pod: [
    NAME,
    col(
      'Ready',
      'string',
      'The aggregate readiness state of this pod for accepting traffic.',
      (o) => podColumns(o).ready,
    ),
    col(
      'Status',
      'string',
      'The aggregate status of the containers in this pod.',
      (o) => podColumns(o).status,
    ),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      (o) => String(podColumns(o).restarts),
    ),
    AGE,
    col(
      'IP',
      'string',
      'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      (o) => str(o, 'status.podIP'),
      1,
    ),
    col(
      'Node',
      'string',
      'NodeName is a request to schedule this pod onto a specific node.',
      (o) => str(o, 'spec.nodeName'),
      1,
    ),
    col(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      (o) => str(o, 'status.nominatedNodeName'),
      1,
    ),
    col(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      (o) => {
        const gates = (get(o, 'spec.readinessGates') as unknown[] | undefined) ?? [];
        return gates.length ? `0/${gates.length}` : '<none>';
      },
      1,
    ),
  ],
  Node: [
    NAME,
    col('Status', 'string', 'The status of the node', nodeStatus),
    col('Roles', 'string', 'The roles of the node', nodeRoles),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.', (o) =>
      str(o, 'status.nodeInfo.kubeletVersion', ''),
    ),
    col(
      'Internal-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      address('InternalIP'),
      1,
    ),
    col(
      'External-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      address('ExternalIP'),
      1,
    ),
    col(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      (o) => str(o, 'status.nodeInfo.osImage', '<unknown>'),
      1,
    ),
    col(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      (o) => str(o, 'status.nodeInfo.kernelVersion', '<unknown>'),
      1,
    ),
    col(
      'Container-Runtime',
      'string',
      'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      (o) => str(o, 'status.nodeInfo.containerRuntimeVersion', '<unknown>'),
      1,
    ),
  ],
  Deployment: [
    NAME,
    col(
      'Ready',
      'string',
      'Number of the pod with ready state',
      (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`,
    ),
    col(
      'Up-to-date',
      'integer',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      (o) => num(o, 'status.updatedReplicas'),
    ),
    col(
      'Available',
      'integer',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      (o) => num(o, 'status.availableReplicas'),
    ),
    AGE,
    ...workloadWide('spec.template.spec'),
  ],
  ReplicaSet: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired replicas.', (o) => num(o, 'spec.replicas')),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.', (o) =>
      num(o, 'status.replicas'),
    ),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.', (o) =>
      num(o, 'status.readyReplicas'),
    ),
    AGE,
    ...workloadWide('spec.template.spec'),
  ],
  DaemonSet: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.', (o) =>
      num(o, 'status.desiredNumberScheduled'),
    ),
    col(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
      (o) => num(o, 'status.currentNumberScheduled'),
    ),
    col(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
      (o) => num(o, 'status.numberReady'),
    ),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod', (o) =>
      num(o, 'status.updatedNumberScheduled'),
    ),
    col(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      (o) => num(o, 'status.numberAvailable'),
    ),
    col(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
      (o) => {
        const sel = (get(o, 'spec.template.spec.nodeSelector') as Record<string, string> | undefined) ?? {};
        const parts = Object.entries(sel).map(([k, v]) => `${k}=${v}`);
        return parts.length ? parts.join(',') : '<none>';
      },
    ),
    AGE,
    ...workloadWide('spec.template.spec'),
  ],
  Namespace: [
    NAME,
    col('Status', 'string', 'The status of the namespace', (o) => str(o, 'status.phase', '')),
    AGE,
  ],
  Event: [
    col('Last Seen', 'string', 'The time when this Event was last observed.', lastSeen),
    col(
      'Type',
      'string',
      'Type of this event (Normal, Warning), new types could be added in the future.',
      (o) => str(o, 'type', ''),
    ),
    col('Reason', 'string', 'Reason why the action was taken.', (o) => str(o, 'reason', '')),
    col('Object', 'string', 'The object that this event is about.', eventObject),
    col('Message', 'string', 'A human-readable description of the status of this operation.', (o) =>
      str(o, 'message', ''),
    ),
    col(
      'Subobject',
      'string',
      'The subobject that this event is about.',
      (o) => str(o, 'involvedObject.fieldPath', ''),
      1,
    ),
    col(
      'Source',
      'string',
      'The component reporting this event.',
      (o) => [str(o, 'source.component', ''), str(o, 'source.host', '')].filter((s) => s).join(', '),
      1,
    ),
    col(
      'First Seen',
      'string',
      'The time at which the event was first recorded.',
      (o, now) =>
        age((get(o, 'firstTimestamp') ?? get(o, 'metadata.creationTimestamp')) as string | undefined, now),
      1,
    ),
    col(
      'Count',
      'string',
      'The number of times this event has occurred.',
      (o) => String(num(o, 'count') || 1),
      1,
    ),
    col('Name', 'string', 'Name must be unique within a namespace.', (o) => str(o, 'metadata.name', ''), 1),
  ],
  Service: [
    NAME,
    col('Type', 'string', 'The type of the service.', (o) => str(o, 'spec.type', 'ClusterIP')),
    col('Cluster-IP', 'string', 'The cluster-IP of the service.', (o) => str(o, 'spec.clusterIP')),
    col(
      'External-IP',
      'string',
      'The external IP of the service.',
      (o) => ((get(o, 'spec.externalIPs') as string[] | undefined) ?? []).join(',') || '<none>',
    ),
    col('Port(s)', 'string', 'The ports of the service.', servicePorts),
    AGE,
    col(
      'Selector',
      'string',
      'The label selector of the service.',
      (o) => {
        const sel = (get(o, 'spec.selector') as Record<string, string> | undefined) ?? {};
        const parts = Object.entries(sel).map(([k, v]) => `${k}=${v}`);
        return parts.length ? parts.join(',') : '<none>';
      },
      1,
    ),
  ],
  ConfigMap: [
    NAME,
    col(
      'Data',
      'integer',
      'Number of data entries',
      (o) =>
        Object.keys((get(o, 'data') as Obj | undefined) ?? {}).length +
        Object.keys((get(o, 'binaryData') as Obj | undefined) ?? {}).length,
    ),
    AGE,
  ],
  Secret: [
    NAME,
    col('Type', 'string', 'The type of the secret', (o) => str(o, 'type', 'Opaque')),
    col(
      'Data',
      'integer',
      'Number of data entries',
      (o) => Object.keys((get(o, 'data') as Obj | undefined) ?? {}).length,
    ),
    AGE,
  ],
  ServiceAccount: [
    NAME,
    col(
      'Secrets',
      'integer',
      'Number of secrets',
      (o) => ((get(o, 'secrets') as unknown[] | undefined) ?? []).length,
    ),
    AGE,
  ],
  CustomResourceDefinition: [
    NAME,
    col('Created At', 'date', 'CreationTimestamp', (o) => str(o, 'metadata.creationTimestamp', '')),
  ],
  Lease: [
    NAME,
    col('Holder', 'string', 'The holder of the lease', (o) => str(o, 'spec.holderIdentity', '')),
    AGE,
  ],
  PodDisruptionBudget: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available.', (o) =>
      str(o, 'spec.minAvailable', 'N/A'),
    ),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.', (o) =>
      str(o, 'spec.maxUnavailable', 'N/A'),
    ),
    col(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
      (o) => num(o, 'status.disruptionsAllowed'),
    ),
    AGE,
  ],
};

/** The apiserver's default convertor for kinds without their own columns. */
export const DEFAULT_COLUMNS: Column[] = [
  NAME,
  col(
    'Created At',
    'date',
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
    (o) => str(o, 'metadata.creationTimestamp', ''),
  ),
];
