/**
 * The columns kubectl shows for each kind (the apiserver's TableConvertors in
 * pkg/printers/internalversion), priority 1 being the `-o wide` extras.
 */
import { AGE, col, get, NAME, num, str, workloadWide, type Column } from './table-cells.js';
import { CORE_COLUMNS } from './table-columns-core.js';

export { AGE, NAME, type Column } from './table-cells.js';

export const KIND_COLUMNS: Record<string, Column[]> = {
  ...CORE_COLUMNS,
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
