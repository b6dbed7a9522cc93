import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobuf } from './protobuf.js';

/** A minimal protobuf writer for the fixture: varints and length-delimited fields. */
const varint = (n: number): Buffer => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
};
const int = (num: number, v: number) => Buffer.concat([varint(num << 3), varint(v)]);
const bytes = (num: number, v: Buffer | string) => {
  const b = typeof v === 'string' ? Buffer.from(v) : v;
  return Buffer.concat([varint((num << 3) | 2), varint(b.length), b]);
};
const msg = (num: number, ...parts: Buffer[]) => bytes(num, Buffer.concat(parts));
const entry = (num: number, k: string, v: string) => msg(num, bytes(1, k), bytes(2, v));

describe('protobuf request bodies', () => {
  it('decodes the Deployment kubectl create deployment sends', () => {
    const labels = entry(11, 'app', 'web');
    const deployment = Buffer.concat([
      msg(1, bytes(1, 'web'), bytes(2, ''), labels),
      msg(
        2,
        int(1, 2),
        msg(2, entry(1, 'app', 'web')),
        msg(
          3,
          msg(1, labels),
          msg(
            2,
            msg(2, bytes(1, 'nginx'), bytes(2, 'nginx:1.27'), msg(6, int(3, 80), bytes(4, 'TCP')), msg(8)),
          ),
        ),
        msg(4),
      ),
      msg(3),
    ]);
    const body = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      msg(1, bytes(1, 'apps/v1'), bytes(2, 'Deployment')),
      bytes(2, deployment),
    ]);
    assert.deepEqual(decodeProtobuf(body), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                resources: {},
              },
            ],
          },
        },
        strategy: {},
      },
    });
  });

  it('answers 415 for kinds it has no schema for', () => {
    const body = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      msg(1, bytes(1, 'batch/v1'), bytes(2, 'Job')),
      bytes(2, Buffer.alloc(0)),
    ]);
    assert.throws(
      () => decodeProtobuf(body),
      (e: { code?: number }) => e.code === 415,
    );
  });
});
