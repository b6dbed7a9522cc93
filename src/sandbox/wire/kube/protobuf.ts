/**
 * Kubernetes' protobuf encoding for the request bodies kubectl 1.32+ sends for built-in types
 * (`kubectl create deployment`, evictions from `kubectl drain`, `kubectl create namespace|configmap`):
 * the `k8s\0` envelope around runtime.Unknown, and the generated.proto field numbers of the messages
 * those commands write. Other kinds answer 415; unknown fields are skipped.
 */
import { KubeStatusError } from '../../services/kube/errors.js';

type Kind = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'quantity' | 'intOrString' | Schema | MapOf;
interface Field {
  name: string;
  kind: Kind;
  repeated?: boolean;
}
type Schema = { [num: number]: Field };
interface MapOf {
  map: 'string' | 'bytes' | 'quantity';
}

const f = (name: string, kind: Kind, repeated = false): Field => ({
  name,
  kind,
  ...(repeated ? { repeated } : {}),
});

const ownerReference: Schema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};
const objectMeta: Schema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  11: f('labels', { map: 'string' }),
  12: f('annotations', { map: 'string' }),
  13: f('ownerReferences', ownerReference, true),
  14: f('finalizers', 'string', true),
};
const labelSelector: Schema = {
  1: f('matchLabels', { map: 'string' }),
  2: f(
    'matchExpressions',
    { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', true) },
    true,
  ),
};
const container: Schema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', true),
  4: f('args', 'string', true),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    {
      1: f('name', 'string'),
      2: f('hostPort', 'int'),
      3: f('containerPort', 'int'),
      4: f('protocol', 'string'),
      5: f('hostIP', 'string'),
    },
    true,
  ),
  7: f('env', { 1: f('name', 'string'), 2: f('value', 'string') }, true),
  8: f('resources', { 1: f('limits', { map: 'quantity' }), 2: f('requests', { map: 'quantity' }) }),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
};
const podSpec: Schema = {
  2: f('containers', container, true),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int'),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', { map: 'string' }),
  8: f('serviceAccountName', 'string'),
  10: f('nodeName', 'string'),
  11: f('hostNetwork', 'bool'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', container, true),
  24: f('priorityClassName', 'string'),
};
const podTemplate: Schema = { 1: f('metadata', objectMeta), 2: f('spec', podSpec) };
const deploymentSpec: Schema = {
  1: f('replicas', 'int'),
  2: f('selector', labelSelector),
  3: f('template', podTemplate),
  4: f('strategy', {
    1: f('type', 'string'),
    2: f('rollingUpdate', { 1: f('maxUnavailable', 'intOrString'), 2: f('maxSurge', 'intOrString') }),
  }),
  5: f('minReadySeconds', 'int'),
  6: f('revisionHistoryLimit', 'int'),
  7: f('paused', 'bool'),
  9: f('progressDeadlineSeconds', 'int'),
};
const deleteOptions: Schema = {
  1: f('gracePeriodSeconds', 'int'),
  2: f('preconditions', { 1: f('uid', 'string'), 2: f('resourceVersion', 'string') }),
  3: f('orphanDependents', 'bool'),
  4: f('propagationPolicy', 'string'),
  5: f('dryRun', 'string', true),
};

const KINDS: Record<string, Schema> = {
  'apps/v1 Deployment': { 1: f('metadata', objectMeta), 2: f('spec', deploymentSpec) },
  'policy/v1 Eviction': { 1: f('metadata', objectMeta), 2: f('deleteOptions', deleteOptions) },
  'v1 Namespace': { 1: f('metadata', objectMeta) },
  'v1 ConfigMap': {
    1: f('metadata', objectMeta),
    2: f('data', { map: 'string' }),
    3: f('binaryData', { map: 'bytes' }),
    4: f('immutable', 'bool'),
  },
  'v1 Secret': {
    1: f('metadata', objectMeta),
    2: f('data', { map: 'bytes' }),
    3: f('type', 'string'),
    4: f('stringData', { map: 'string' }),
  },
  'v1 ServiceAccount': { 1: f('metadata', objectMeta) },
  'v1 Pod': { 1: f('metadata', objectMeta), 2: f('spec', podSpec) },
  'v1 Service': {
    1: f('metadata', objectMeta),
    2: f('spec', {
      1: f(
        'ports',
        {
          1: f('name', 'string'),
          2: f('protocol', 'string'),
          3: f('port', 'int'),
          4: f('targetPort', 'intOrString'),
          5: f('nodePort', 'int'),
        },
        true,
      ),
      2: f('selector', { map: 'string' }),
      3: f('clusterIP', 'string'),
      4: f('type', 'string'),
    }),
  },
  'v1 DeleteOptions': deleteOptions,
  'meta.k8s.io/v1 DeleteOptions': deleteOptions,
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done()) {
    const key = Number(r.varint());
    const num = key >> 3;
    const wire = key & 7;
    const field = schema[num];
    if (!field) {
      r.skip(wire);
      continue;
    }
    const value = decodeValue(r, wire, field.kind);
    if (typeof field.kind === 'object' && 'map' in field.kind) {
      const [k, v] = value as [string, unknown];
      out[field.name] = { ...(out[field.name] as object | undefined), [k]: v };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
    } else out[field.name] = value;
  }
  return out;
}

function decodeValue(r: Reader, wire: number, kind: Kind): unknown {
  if (kind === 'int') return signed(r.varint());
  if (kind === 'bool') return r.varint() !== 0n;
  const raw = wire === 2 ? r.bytes() : Buffer.alloc(0);
  switch (kind) {
    case 'string':
      return raw.toString('utf8');
    case 'bytes':
      return raw.toString('base64');
    case 'quantity':
      return decodeMessage(raw, { 1: f('string', 'string') }).string ?? '';
    case 'time': {
      const t = decodeMessage(raw, { 1: f('seconds', 'int') });
      return new Date(Number(t.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'intOrString': {
      const v = decodeMessage(raw, { 1: f('type', 'int'), 2: f('intVal', 'int'), 3: f('strVal', 'string') });
      return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
  }
  if ('map' in kind) {
    const entry = decodeMessage(raw, { 1: f('key', 'string'), 2: f('value', kind.map) });
    return [entry.key ?? '', entry.value ?? (kind.map === 'quantity' ? '' : '')];
  }
  return decodeMessage(raw, kind);
}

const ZERO_OMITTED = new Set(['generation', 'hostPort', 'minReadySeconds', 'nodePort']);

/** Drop the empty strings, false and zeros that non-pointer proto fields always carry. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const c = compact(x);
    // Zero values of non-pointer proto fields that JSON would omit (replicas 0 is a pointer: kept).
    if (c === '' || c === undefined || c === false) continue;
    if (c === 0 && ZERO_OMITTED.has(k)) continue;
    out[k] = c;
  }
  return out;
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  const unsupported = () =>
    new KubeStatusError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw unsupported();
  const unknown = decodeMessage(body.subarray(4), {
    1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }),
    2: f('raw', 'bytes'),
  });
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = KINDS[`${typeMeta.apiVersion ?? ''} ${typeMeta.kind ?? ''}`];
  if (!schema) throw unsupported();
  const raw = Buffer.from((unknown.raw as string | undefined) ?? '', 'base64');
  const decoded = compact(decodeMessage(raw, schema)) as Record<string, unknown>;
  return {
    apiVersion: typeMeta.apiVersion,
    kind: typeMeta.kind,
    ...decoded,
    metadata: decoded.metadata ?? {},
  };
}
