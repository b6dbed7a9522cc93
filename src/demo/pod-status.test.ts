import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { kubectlPodStatus } from './pod-status.js';

const pod = (status: V1Pod['status'], extra: Partial<V1Pod> = {}): V1Pod => ({
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx' }], nodeName: 'ip-10-0-1-5.ec2.internal' },
  status,
  ...extra,
});

describe('kubectlPodStatus', () => {
  it('shows ContainerCreating for a scheduled pod whose sandbox cannot be created', () => {
    const p = pod({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    });
    assert.equal(kubectlPodStatus(p), 'ContainerCreating');
  });

  it('shows the phase when no container says more', () => {
    assert.equal(kubectlPodStatus(pod({ phase: 'Pending' })), 'Pending');
    const running = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: new Date(0) } },
        },
      ],
    });
    assert.equal(kubectlPodStatus(running), 'Running');
  });

  it('shows a terminated container reason, init progress, and Terminating', () => {
    const crashed = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    });
    assert.equal(kubectlPodStatus(crashed), 'CrashLoopBackOff');
    const initializing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'init',
            image: 'busybox',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      },
      {
        spec: {
          initContainers: [{ name: 'init', image: 'busybox' }],
          containers: [{ name: 'web', image: 'nginx' }],
        },
      },
    );
    assert.equal(kubectlPodStatus(initializing), 'Init:0/1');
    const deleting = pod({ phase: 'Running' });
    deleting.metadata = { ...deleting.metadata, deletionTimestamp: new Date(0) };
    assert.equal(kubectlPodStatus(deleting), 'Terminating');
  });
});
