import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeStatusError } from '../../services/kube/errors.js';
import { parseBody } from './http.js';
import { decodeProtobufBody, isProtobuf } from './protobuf.js';

// A minimal protobuf writer, as gogo-generated Kubernetes code encodes (non-pointer strings and
// integers are written even when empty or zero).
function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const bytesField = (no: number, data: Buffer | string): Buffer => {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.from([...varint((no << 3) | 2), ...varint(b.length), ...b]);
};
const intField = (no: number, n: number): Buffer => Buffer.from([...varint(no << 3), ...varint(n)]);
const msg = (...parts: Buffer[]): Buffer => Buffer.concat(parts);
const entry = (no: number, k: string, v: Buffer | string) =>
  bytesField(no, msg(bytesField(1, k), bytesField(2, v)));

function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = msg(bytesField(1, apiVersion), bytesField(2, kind));
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    bytesField(1, typeMeta),
    bytesField(2, raw),
    bytesField(3, ''),
    bytesField(4, ''),
  ]);
}

const objectMeta = (name: string, labels: Record<string, string>) =>
  msg(
    bytesField(1, name),
    bytesField(2, ''),
    bytesField(3, ''),
    bytesField(4, ''),
    bytesField(5, ''),
    bytesField(6, ''),
    intField(7, 0),
    bytesField(8, msg()), // creationTimestamp: zero Time
    ...Object.entries(labels).map(([k, v]) => entry(11, k, v)),
  );

describe('kube protobuf request bodies', () => {
  it('recognises the protobuf media type', () => {
    assert.equal(isProtobuf('application/vnd.kubernetes.protobuf'), true);
    assert.equal(isProtobuf('application/json'), false);
  });

  it('decodes a Deployment as kubectl create deployment sends it', () => {
    const container = msg(
      bytesField(1, 'nginx'),
      bytesField(2, 'nginx'),
      bytesField(5, ''),
      bytesField(6, msg(bytesField(1, ''), intField(2, 0), intField(3, 80), bytesField(4, 'TCP'))),
      bytesField(7, msg(bytesField(1, 'MODE'), bytesField(2, ''))),
      bytesField(8, msg(entry(2, 'cpu', msg(bytesField(1, '25m'))))),
    );
    const podSpec = msg(bytesField(2, container), bytesField(3, ''), bytesField(6, ''), intField(11, 0));
    const spec = msg(
      intField(1, 0), // replicas: 0 is kept (a pointer in Go)
      bytesField(2, msg(entry(1, 'app', 'web'))),
      bytesField(3, msg(bytesField(1, objectMeta('', { app: 'web' })), bytesField(2, podSpec))),
      bytesField(
        4,
        msg(
          bytesField(1, ''),
          bytesField(2, msg(bytesField(2, msg(intField(1, 1), intField(2, 0), bytesField(3, '25%'))))),
        ),
      ),
      intField(5, 0),
      intField(99, 7), // an unknown field is skipped
    );
    const body = envelope(
      'apps/v1',
      'Deployment',
      msg(bytesField(1, objectMeta('web', { app: 'web' })), bytesField(2, spec), bytesField(3, msg())),
    );
    assert.deepEqual(parseBody(body, 'application/vnd.kubernetes.protobuf'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                env: [{ name: 'MODE' }],
                resources: { requests: { cpu: '25m' } },
              },
            ],
          },
        },
        strategy: { rollingUpdate: { maxSurge: '25%' } },
      },
      status: {},
    });
  });

  it('decodes an Eviction with its delete options (kubectl drain)', () => {
    const raw = msg(
      bytesField(1, objectMeta('web-1', {})),
      bytesField(2, msg(intField(1, 30), bytesField(5, 'All'))),
    );
    assert.deepEqual(decodeProtobufBody(envelope('policy/v1', 'Eviction', raw)), {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1' },
      deleteOptions: { gracePeriodSeconds: 30, dryRun: ['All'] },
    });
  });

  it('refuses bodies without the prefix or of a kind it cannot read, with a 400 Status', () => {
    for (const body of [Buffer.from('{}'), envelope('v1', 'PersistentVolume', msg())]) {
      assert.throws(
        () => decodeProtobufBody(body),
        (err: unknown) =>
          err instanceof KubeStatusError &&
          err.code === 400 &&
          /the body of the request could not be decoded/.test(err.message),
      );
    }
  });
});
