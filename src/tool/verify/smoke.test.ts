import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventInfo, PodInfo } from '../steps/ports.js';
import { noCapacityProblem, smokeProgress, smokeState, undecidedProblem } from './smoke.js';

const APP = 'eks-cidr-smoke';

function pod(name: string, extra: Partial<PodInfo> = {}): PodInfo {
  return {
    namespace: 'default',
    name,
    phase: 'Pending',
    hostNetwork: false,
    ownerKinds: ['ReplicaSet'],
    labels: { app: APP },
    mirror: false,
    deleting: false,
    ...extra,
  };
}

const TOO_MANY =
  '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

describe('smokeState: what the scheduler said about smoke pods without a node', () => {
  it('takes the verdict from the PodScheduled condition when no event was kept', () => {
    const s = smokeState(
      [pod('a', { phase: 'Running', nodeName: 'n1', ready: true }), pod('b', { unschedulable: TOO_MANY })],
      new Map(),
      APP,
      2,
    );
    assert.deepEqual(s.unscheduled, ['default/b']);
    assert.deepEqual(s.undecided, []);
    assert.equal(s.schedulerMessage, TOO_MANY);
    assert.equal(s.ready, 1);
  });

  it('takes it from the last FailedScheduling event otherwise', () => {
    const events = new Map<string, EventInfo[]>([
      [
        'default/b',
        [
          { reason: 'FailedScheduling', message: 'older', type: 'Warning' },
          { reason: 'FailedScheduling', message: TOO_MANY, type: 'Warning' },
        ],
      ],
    ]);
    const s = smokeState([pod('b')], events, APP, 1);
    assert.deepEqual(s.undecided, []);
    assert.equal(s.schedulerMessage, TOO_MANY);
  });

  it('counts a pod with neither as undecided: not yet a capacity verdict', () => {
    const s = smokeState([pod('b', { unschedulable: TOO_MANY }), pod('c')], new Map(), APP, 2);
    assert.deepEqual(s.unscheduled, ['default/b', 'default/c']);
    assert.deepEqual(s.undecided, ['default/c']);
    const capacity = noCapacityProblem(s, 'default/eks-cidr-smoke');
    assert.equal(capacity.code, 'E_NO_CAPACITY');
    assert.match(capacity.reason, /^1 of 2 smoke-test pod\(s\) stayed Pending/);
    assert.match(capacity.reason, /the scheduler says: "0\/3 nodes are available: 3 Too many pods/);
    const undecided = undecidedProblem(s, 'default/eks-cidr-smoke');
    assert.equal(undecided.code, undefined);
    assert.equal(undecided.transient, true);
    assert.match(undecided.reason, /^1 of 2 smoke-test pod\(s\) were still waiting for the scheduler/);
    assert.match(undecided.reason, /longer --wait/);
  });

  it('ignores pods of other apps and pods being deleted', () => {
    const s = smokeState(
      [pod('x', { labels: { app: 'web' } }), pod('y', { deleting: true }), pod('z')],
      new Map(),
      APP,
      1,
    );
    assert.deepEqual(s.unscheduled, ['default/z']);
  });

  it('prints the scheduler words in the progress line', () => {
    const s = smokeState([pod('b', { unschedulable: TOO_MANY })], new Map(), APP, 1);
    assert.equal(smokeProgress(s), `smoke test: 0/1 pod(s) Ready, 1 Pending (${TOO_MANY})`);
  });
});
