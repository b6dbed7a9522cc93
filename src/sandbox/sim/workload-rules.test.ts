import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveIntOrPercent } from './deployment-controller.js';
import type { Pod } from './kube-types.js';
import { podsToDelete } from './replicaset-controller.js';
import { podTemplateHash } from './names.js';

describe('resolveIntOrPercent', () => {
  const cases: [number | string | undefined, number, boolean, number][] = [
    [undefined, 10, true, 3],
    [undefined, 10, false, 2],
    ['50%', 3, true, 2],
    ['50%', 3, false, 1],
    [2, 10, false, 2],
  ];
  for (const [value, total, up, expected] of cases) {
    it(`${String(value)} of ${total} (${up ? 'up' : 'down'}) = ${expected}`, () =>
      assert.equal(resolveIntOrPercent(value, total, '25%', up), expected));
  }
});

describe('podsToDelete', () => {
  const pod = (name: string, created: string, nodeName?: string, ready = false): Pod => ({
    metadata: { name, creationTimestamp: created },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  it('takes unscheduled, then not ready, then the newest', () => {
    const pods = [
      pod('old-ready', '2026-01-01T00:00:00Z', 'n', true),
      pod('new-ready', '2026-01-01T00:00:09Z', 'n', true),
      pod('stuck', '2026-01-01T00:00:01Z', 'n'),
      pod('pending', '2026-01-01T00:00:02Z'),
    ];
    assert.deepEqual(
      podsToDelete(pods, 3).map((p) => p.metadata.name),
      ['pending', 'stuck', 'new-ready'],
    );
  });
});

describe('podTemplateHash', () => {
  it('is stable across key order and changes with the template', () => {
    const a = podTemplateHash({
      spec: { containers: [{ name: 'n', image: 'nginx' }] },
      metadata: { labels: { app: 'x' } },
    });
    const b = podTemplateHash({
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ image: 'nginx', name: 'n' }] },
    });
    const c = podTemplateHash({
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ image: 'nginx:1.27', name: 'n' }] },
    });
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});
