/**
 * What the apiserver does to an object before storing it: name validation, the defaults its types
 * carry (a Pod's restartPolicy, a Deployment's strategy), and the few validation rules clients trip
 * over. Status fields the controllers own start empty, as on a real cluster.
 */
import { invalid, invalidValue, requiredValue } from './errors.js';
import type { ResourceInfo } from './resources.js';
import { matchesSelectorObject, type LabelSelectorObject } from './selectors.js';
import type { KubeObject } from './types.js';

type Obj = Record<string, unknown>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateName(info: ResourceInfo, name: string | undefined): void {
  if (!name) {
    throw invalid(info.kind, info.group, '', [
      { ...requiredValue('metadata.name'), message: 'Required value: name or generateName is required' },
    ]);
  }
  const label = info.resource === 'namespaces' || info.resource === 'services';
  const ok = label
    ? DNS_LABEL.test(name) && name.length <= 63
    : DNS_SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) {
    const why = label
      ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
      : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    throw invalid(info.kind, info.group, name, [invalidValue('metadata.name', name, why)]);
  }
}

function obj(parent: Obj, key: string): Obj {
  const cur = parent[key];
  if (cur && typeof cur === 'object' && !Array.isArray(cur)) return cur as Obj;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value;
}

function defaultContainer(c: Obj): void {
  const image = typeof c.image === 'string' ? c.image : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  setDefault(c, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of (c.ports as Obj[] | undefined) ?? []) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const c of [...((spec.containers as Obj[]) ?? []), ...((spec.initContainers as Obj[]) ?? [])])
    defaultContainer(c);
  if (typeof spec.serviceAccountName === 'string')
    setDefault(spec, 'serviceAccount', spec.serviceAccountName);
}

/** `strategy: {}` (what kubectl create sends) gets the same defaults as no strategy at all. */
function defaultStrategy(strategy: Obj, rolling: Obj): void {
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type !== 'RollingUpdate') return;
  const r = obj(strategy, 'rollingUpdate');
  for (const [k, v] of Object.entries(rolling)) setDefault(r, k, v);
}

function defaultWorkload(o: KubeObject, rollingUpdate: boolean): void {
  const spec = obj(o, 'spec');
  const template = obj(spec, 'template');
  defaultPodSpec(obj(template, 'spec'));
  setDefault(spec, 'revisionHistoryLimit', 10);
  if (o.kind === 'DaemonSet') {
    defaultStrategy(obj(spec, 'updateStrategy'), { maxUnavailable: 1, maxSurge: 0 });
    return;
  }
  setDefault(spec, 'replicas', 1);
  if (rollingUpdate) {
    defaultStrategy(obj(spec, 'strategy'), { maxUnavailable: '25%', maxSurge: '25%' });
    setDefault(spec, 'progressDeadlineSeconds', 600);
  }
}

/** Defaults applied on create (and for workloads, on update too, as the apiserver does). */
export function applyDefaults(info: ResourceInfo, o: KubeObject): void {
  if (info.custom) return;
  switch (info.kind) {
    case 'Pod': {
      defaultPodSpec(obj(o, 'spec'));
      const status = obj(o, 'status');
      setDefault(status, 'phase', 'Pending');
      setDefault(status, 'qosClass', 'BestEffort');
      return;
    }
    case 'Deployment':
      return defaultWorkload(o, true);
    case 'ReplicaSet':
    case 'DaemonSet':
      return defaultWorkload(o, false);
    case 'Namespace': {
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      setDefault(obj(o, 'spec'), 'finalizers', ['kubernetes']);
      setDefault(obj(o, 'status'), 'phase', 'Active');
      return;
    }
    case 'Service': {
      const spec = obj(o, 'spec');
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const p of (spec.ports as Obj[] | undefined) ?? []) {
        setDefault(p, 'protocol', 'TCP');
        setDefault(p, 'targetPort', p.port);
      }
      return;
    }
    case 'PodDisruptionBudget':
      setDefault(o, 'status', {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
      });
      return;
  }
}

/** The validation rules clients meet in practice; the rest of the apiserver's is not modelled. */
export function validateObject(info: ResourceInfo, o: KubeObject): void {
  const name = o.metadata.name ?? '';
  const fail = (c: { field: string; reason: string; message: string }) =>
    invalid(info.kind, info.group, name, [c]);
  const spec = (o.spec ?? {}) as Obj;
  if (info.kind === 'Pod') {
    const containers = spec.containers as Obj[] | undefined;
    if (!containers || containers.length === 0) throw fail(requiredValue('spec.containers'));
    containers.forEach((c, i) => {
      if (!c.name) throw fail(requiredValue(`spec.containers[${i}].name`));
      if (!c.image) throw fail(requiredValue(`spec.containers[${i}].image`));
    });
  }
  if (info.kind === 'Deployment' || info.kind === 'ReplicaSet' || info.kind === 'DaemonSet') {
    const selector = spec.selector as LabelSelectorObject | undefined;
    if (!selector) throw fail(requiredValue('spec.selector'));
    const template = (spec.template ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: Obj };
    const labels = template.metadata?.labels;
    if (!matchesSelectorObject(selector, labels)) {
      throw fail({
        field: 'spec.template.metadata.labels',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(labels ?? {})}: \`selector\` does not match template \`labels\``,
      });
    }
    const containers = template.spec?.containers as Obj[] | undefined;
    if (!containers || containers.length === 0) throw fail(requiredValue('spec.template.spec.containers'));
    if (typeof spec.replicas === 'number' && spec.replicas < 0) {
      throw fail(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
    }
  }
  if (info.kind === 'CustomResourceDefinition') validateCrd(spec, fail, name);
  if (
    info.kind === 'PodDisruptionBudget' &&
    spec.minAvailable !== undefined &&
    spec.maxUnavailable !== undefined
  ) {
    throw fail({
      field: 'spec',
      reason: 'FieldValueInvalid',
      message: 'Invalid value: minAvailable and maxUnavailable cannot be both set',
    });
  }
}

/** A generateName suffix: five characters from the apiserver's alphabet (no vowels). */
export function nameSuffix(hex: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

type Cause = { field: string; reason: string; message: string };

function validateCrd(spec: Obj, fail: (c: Cause) => Error, name: string): void {
  const crd = spec as { group?: string; names?: { plural?: string; kind?: string }; versions?: unknown[] };
  const expected = `${crd.names?.plural ?? ''}.${crd.group ?? ''}`;
  if (name !== expected) {
    throw fail({
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
    });
  }
  if (!crd.names?.kind) throw fail(requiredValue('spec.names.kind'));
  if (!crd.versions?.length) throw fail(requiredValue('spec.versions'));
}
