/**
 * kubectl's columns for the core/v1 kinds (the apiserver's TableConvertors in
 * pkg/printers/internalversion), priority 1 being the `-o wide` extras.
 */
import { age } from './human-duration.js';
import { podColumns } from './pod-status.js';
import { AGE, col, get, NAME, num, str, type Column, type Obj } from './table-cells.js';

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

export const CORE_COLUMNS: Record<string, Column[]> = {
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
};
