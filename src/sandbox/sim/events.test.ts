import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_BURST, EventRecorder } from './events.js';
import { EVENTS, type KubeObject } from './kube-types.js';
import { FakeKubeStore } from './testing/fake-kube.js';

const NOW = Date.UTC(2026, 0, 1);

function pod(i: number): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: `p${i}`, uid: `u${i}` } };
}

describe('EventRecorder', () => {
  it('aggregates repeats of one reason on one object into one Event with a count', () => {
    const store = new FakeKubeStore();
    const recorder = new EventRecorder(store);
    for (let i = 0; i < 3; i++)
      recorder.record({
        involved: pod(1),
        type: 'Warning',
        reason: 'FailedScheduling',
        message: `try ${i}`,
        source: { component: 'default-scheduler' },
        now: NOW + i,
      });
    const events = store.list(EVENTS);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.count, 3);
    assert.equal(events[0]!.message, 'try 2');
  });

  it("drops a kubelet's burst past eventBurst, as the kubelet's recorder does", () => {
    const store = new FakeKubeStore();
    const recorder = new EventRecorder(store);
    for (let i = 0; i < EVENT_BURST + 20; i++)
      recorder.record({
        involved: pod(i),
        type: 'Normal',
        reason: 'Pulled',
        message: 'pulled',
        source: { component: 'kubelet', host: 'node-1' },
        now: NOW,
      });
    assert.equal(store.list(EVENTS).length, EVENT_BURST);
  });

  it("never drops the scheduler's FailedScheduling, however many Scheduled events came first", () => {
    const store = new FakeKubeStore();
    const recorder = new EventRecorder(store);
    const scheduler = { component: 'default-scheduler' };
    for (let i = 0; i < EVENT_BURST * 2; i++)
      recorder.record({
        involved: pod(i),
        type: 'Normal',
        reason: 'Scheduled',
        message: 'm',
        source: scheduler,
        now: NOW,
      });
    assert.equal(store.list(EVENTS).length, EVENT_BURST);
    recorder.record({
      involved: pod(999),
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/3 nodes are available: 3 Too many pods.',
      source: scheduler,
      now: NOW,
    });
    const failed = store.list(EVENTS).filter((e) => e.reason === 'FailedScheduling');
    assert.equal(failed.length, 1);
  });
});
