import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { budgetStatus, evictionAllowed } from './disruption.js';
import type { KubeObject } from './types.js';

function pod(
  name: string,
  state: 'ready' | 'unready' | 'pending' | 'terminating',
  owner?: string,
): KubeObject {
  const running = state !== 'pending';
  return {
    metadata: {
      name,
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T00:00:30Z' } : {}),
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: true },
            ],
          }
        : {}),
    },
    status: {
      phase: running ? 'Running' : 'Pending',
      conditions: [
        { type: 'Ready', status: state === 'ready' || state === 'terminating' ? 'True' : 'False' },
      ],
    },
  };
}

const pdb = (spec: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'b' },
  spec: { selector: { matchLabels: { a: 'b' } }, ...spec },
});

describe('disruption budget arithmetic', () => {
  const three = [pod('a', 'ready', 'rs'), pod('b', 'ready', 'rs'), pod('c', 'ready', 'rs')];
  const scale = (n: number) => (uid: string) => (uid === 'rs' ? n : undefined);
  const table: {
    name: string;
    spec: Record<string, unknown>;
    pods: KubeObject[];
    replicas: number;
    expect: [number, number, number, number];
  }[] = [
    {
      name: 'minAvailable 2 of 3 ready',
      spec: { minAvailable: 2 },
      pods: three,
      replicas: 3,
      expect: [3, 2, 3, 1],
    },
    {
      name: 'minAvailable 3 of 3 ready',
      spec: { minAvailable: 3 },
      pods: three,
      replicas: 3,
      expect: [3, 3, 3, 0],
    },
    { name: 'maxUnavailable 1', spec: { maxUnavailable: 1 }, pods: three, replicas: 3, expect: [3, 2, 3, 1] },
    {
      name: 'minAvailable 50% rounds up',
      spec: { minAvailable: '50%' },
      pods: three,
      replicas: 3,
      expect: [3, 2, 3, 1],
    },
    {
      name: 'maxUnavailable 34% rounds up',
      spec: { maxUnavailable: '34%' },
      pods: three,
      replicas: 3,
      expect: [3, 1, 3, 2],
    },
    {
      name: 'a terminating pod is not healthy; the controller scale still counts',
      spec: { maxUnavailable: 1 },
      pods: [
        pod('a', 'terminating', 'rs'),
        pod('b', 'ready', 'rs'),
        pod('c', 'ready', 'rs'),
        pod('d', 'pending', 'rs'),
      ],
      replicas: 3,
      expect: [3, 2, 2, 0],
    },
    {
      name: 'pods without a controller count one each',
      spec: { minAvailable: 1 },
      pods: [pod('x', 'ready'), pod('y', 'unready')],
      replicas: 0,
      expect: [2, 1, 1, 0],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const s = budgetStatus(pdb(c.spec), c.pods, scale(c.replicas));
      assert.deepEqual([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed], c.expect);
    });
  }

  it('lets pods that are not running go, and unhealthy ones while the budget holds', () => {
    const status = { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 };
    assert.equal(evictionAllowed(pdb({ minAvailable: 2 }), pod('p', 'pending'), status), true);
    assert.equal(evictionAllowed(pdb({ minAvailable: 2 }), pod('u', 'unready'), status), true);
    assert.equal(evictionAllowed(pdb({ minAvailable: 2 }), pod('r', 'ready'), status), false);
    const short = { ...status, currentHealthy: 1 };
    assert.equal(evictionAllowed(pdb({ minAvailable: 2 }), pod('u', 'unready'), short), false);
    assert.equal(
      evictionAllowed(
        pdb({ minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' }),
        pod('u', 'unready'),
        short,
      ),
      true,
    );
  });
});
