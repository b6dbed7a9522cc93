/**
 * Field numbers of the Kubernetes generated.proto messages kubectl's typed clients send (apps/v1
 * Deployment, core/v1 Namespace/ConfigMap/Secret/Service/ServiceAccount, policy/v1 Eviction, and what they
 * contain), mapped to their JSON names. Only what the sandbox models is listed: a field missing
 * here is skipped when decoding. `pointer` marks Go pointer fields, whose zero value is kept
 * (`replicas: 0`); other zero scalars are dropped as JSON's `omitempty` would.
 */
export interface FieldDef {
  json: string;
  /** A scalar kind (`string`, `bytes`, `bool`, `int`), or the name of a message in `KUBE_MESSAGES`. */
  type: string;
  repeated?: true;
  map?: true;
  pointer?: true;
}

export interface MessageDef {
  fields: Record<number, FieldDef>;
  special?: 'time' | 'quantity' | 'int-or-string' | 'raw-json';
}

const s = (json: string): FieldDef => ({ json, type: 'string' });
const i = (json: string): FieldDef => ({ json, type: 'int' });
const b = (json: string): FieldDef => ({ json, type: 'bool' });
const m = (json: string, type: string): FieldDef => ({ json, type });
const ptr = (f: FieldDef): FieldDef => ({ ...f, pointer: true });
const list = (f: FieldDef): FieldDef => ({ ...f, repeated: true });
const map = (json: string, type = 'string'): FieldDef => ({ json, type, map: true });

const objectWith = (spec: string, status: string): MessageDef => ({
  fields: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', spec), 3: m('status', status) },
});

export const KUBE_MESSAGES: Record<string, MessageDef> = {
  // meta/v1
  Time: { fields: {}, special: 'time' },
  Quantity: { fields: {}, special: 'quantity' },
  IntOrString: { fields: {}, special: 'int-or-string' },
  RawExtension: { fields: {}, special: 'raw-json' },
  ObjectMeta: {
    fields: {
      1: s('name'),
      2: s('generateName'),
      3: s('namespace'),
      5: s('uid'),
      6: s('resourceVersion'),
      7: i('generation'),
      8: m('creationTimestamp', 'Time'),
      9: m('deletionTimestamp', 'Time'),
      10: ptr(i('deletionGracePeriodSeconds')),
      11: map('labels'),
      12: map('annotations'),
      13: list(m('ownerReferences', 'OwnerReference')),
      14: list(s('finalizers')),
    },
  },
  OwnerReference: {
    fields: {
      1: s('kind'),
      3: s('name'),
      4: s('uid'),
      5: s('apiVersion'),
      6: ptr(b('controller')),
      7: ptr(b('blockOwnerDeletion')),
    },
  },
  LabelSelector: {
    fields: { 1: map('matchLabels'), 2: list(m('matchExpressions', 'LabelSelectorRequirement')) },
  },
  LabelSelectorRequirement: { fields: { 1: s('key'), 2: s('operator'), 3: list(s('values')) } },
  DeleteOptions: {
    fields: {
      1: ptr(i('gracePeriodSeconds')),
      2: m('preconditions', 'Preconditions'),
      3: ptr(b('orphanDependents')),
      4: ptr(s('propagationPolicy')),
      5: list(s('dryRun')),
    },
  },
  Preconditions: { fields: { 1: ptr(s('uid')), 2: ptr(s('resourceVersion')) } },

  // apps/v1
  Deployment: objectWith('DeploymentSpec', 'Empty'),
  DeploymentSpec: {
    fields: {
      1: ptr(i('replicas')),
      2: m('selector', 'LabelSelector'),
      3: m('template', 'PodTemplateSpec'),
      4: m('strategy', 'DeploymentStrategy'),
      5: i('minReadySeconds'),
      6: ptr(i('revisionHistoryLimit')),
      7: b('paused'),
      9: ptr(i('progressDeadlineSeconds')),
    },
  },
  DeploymentStrategy: { fields: { 1: s('type'), 2: m('rollingUpdate', 'RollingUpdateDeployment') } },
  RollingUpdateDeployment: {
    fields: { 1: m('maxUnavailable', 'IntOrString'), 2: m('maxSurge', 'IntOrString') },
  },
  Empty: { fields: {} },

  // core/v1
  Namespace: objectWith('NamespaceSpec', 'Empty'),
  NamespaceSpec: { fields: { 1: list(s('finalizers')) } },
  ConfigMap: {
    fields: {
      1: m('metadata', 'ObjectMeta'),
      2: map('data'),
      3: map('binaryData', 'bytes'),
      4: ptr(b('immutable')),
    },
  },
  Secret: {
    fields: {
      1: m('metadata', 'ObjectMeta'),
      2: map('data', 'bytes'),
      3: s('type'),
      4: map('stringData'),
      5: ptr(b('immutable')),
    },
  },
  ServiceAccount: { fields: { 1: m('metadata', 'ObjectMeta'), 4: ptr(b('automountServiceAccountToken')) } },
  Service: objectWith('ServiceSpec', 'Empty'),
  ServiceSpec: {
    fields: {
      1: list(m('ports', 'ServicePort')),
      2: map('selector'),
      3: s('clusterIP'),
      4: s('type'),
      7: s('sessionAffinity'),
    },
  },
  ServicePort: {
    fields: {
      1: s('name'),
      2: s('protocol'),
      3: i('port'),
      4: m('targetPort', 'IntOrString'),
      5: i('nodePort'),
    },
  },
  PodTemplateSpec: { fields: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') } },
  PodSpec: {
    fields: {
      2: list(m('containers', 'Container')),
      3: s('restartPolicy'),
      4: ptr(i('terminationGracePeriodSeconds')),
      5: ptr(i('activeDeadlineSeconds')),
      6: s('dnsPolicy'),
      7: map('nodeSelector'),
      8: s('serviceAccountName'),
      9: s('serviceAccount'),
      10: s('nodeName'),
      11: b('hostNetwork'),
      16: s('hostname'),
      19: s('schedulerName'),
      20: list(m('initContainers', 'Container')),
      22: list(m('tolerations', 'Toleration')),
      24: s('priorityClassName'),
      25: ptr(i('priority')),
    },
  },
  Container: {
    fields: {
      1: s('name'),
      2: s('image'),
      3: list(s('command')),
      4: list(s('args')),
      5: s('workingDir'),
      6: list(m('ports', 'ContainerPort')),
      7: list(m('env', 'EnvVar')),
      8: m('resources', 'ResourceRequirements'),
      13: s('terminationMessagePath'),
      14: s('imagePullPolicy'),
      20: s('terminationMessagePolicy'),
    },
  },
  ContainerPort: {
    fields: { 1: s('name'), 2: i('hostPort'), 3: i('containerPort'), 4: s('protocol'), 5: s('hostIP') },
  },
  EnvVar: { fields: { 1: s('name'), 2: s('value'), 3: m('valueFrom', 'EnvVarSource') } },
  EnvVarSource: { fields: { 1: m('fieldRef', 'ObjectFieldSelector') } },
  ObjectFieldSelector: { fields: { 1: s('apiVersion'), 2: s('fieldPath') } },
  ResourceRequirements: { fields: { 1: map('limits', 'Quantity'), 2: map('requests', 'Quantity') } },
  Toleration: {
    fields: { 1: s('key'), 2: s('operator'), 3: s('value'), 4: s('effect'), 5: ptr(i('tolerationSeconds')) },
  },

  // authorization.k8s.io/v1 (kubectl auth can-i)
  SelfSubjectAccessReview: {
    fields: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectAccessReviewSpec') },
  },
  SelfSubjectAccessReviewSpec: {
    fields: {
      1: m('resourceAttributes', 'ResourceAttributes'),
      2: m('nonResourceAttributes', 'NonResourceAttributes'),
    },
  },
  ResourceAttributes: {
    fields: {
      1: s('namespace'),
      2: s('verb'),
      3: s('group'),
      4: s('version'),
      5: s('resource'),
      6: s('subresource'),
      7: s('name'),
    },
  },
  NonResourceAttributes: { fields: { 1: s('path'), 2: s('verb') } },

  // policy/v1
  Eviction: { fields: { 1: m('metadata', 'ObjectMeta'), 2: m('deleteOptions', 'DeleteOptions') } },
};
