import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eniHolding, hasDnsProbe, isReady, withReadiness } from './dns-probe.js';
import type { Pod } from './kube-types.js';
import type { SimEni } from './ports.js';

const pod = (command?: string[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [{ name: 'app', ...(command ? { readinessProbe: { exec: { command } } } : {}) }],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
    containerStatuses: [{ name: 'app', image: 'x', ready: true, restartCount: 0, state: {} }],
  },
});

describe('sim DNS readiness probe', () => {
  for (const [command, expected] of [
    [['getent', 'hosts', 'kubernetes.default.svc.cluster.local'], true],
    [['/bin/sh', '-c', 'nslookup kubernetes.default'], true],
    [['/usr/bin/dig', 'kubernetes.default'], true],
    [['cat', '/tmp/healthy'], false],
    [undefined, false],
  ] as [string[] | undefined, boolean][]) {
    it(`${JSON.stringify(command)} is ${expected ? '' : 'not '}a DNS lookup`, () => {
      assert.equal(hasDnsProbe(pod(command)), expected);
    });
  }

  it('finds the interface of an address: primary, secondary or inside a delegated /28', () => {
    const enis: SimEni[] = [
      {
        networkInterfaceId: 'eni-1',
        subnetId: 's',
        description: '',
        groups: ['sg-1'],
        primaryIp: '10.0.1.5',
        secondaryIps: ['10.0.1.6'],
        tags: [],
      },
      {
        networkInterfaceId: 'eni-2',
        subnetId: 's',
        description: '',
        groups: ['sg-2'],
        primaryIp: '100.64.0.4',
        secondaryIps: [],
        prefixes: ['100.64.0.16/28'],
        tags: [],
      },
    ];
    assert.equal(eniHolding(enis, '10.0.1.6')?.networkInterfaceId, 'eni-1');
    assert.equal(eniHolding(enis, '100.64.0.31')?.networkInterfaceId, 'eni-2');
    assert.equal(eniHolding(enis, '100.64.0.32'), undefined);
  });

  it('a failed probe makes the pod and its containers not Ready, a passing one Ready again', () => {
    const failed = withReadiness(
      pod(['getent', 'hosts', 'x']),
      { ok: false, message: 'timed out' },
      Date.UTC(2026, 0, 2),
    );
    assert.equal(isReady(failed), false);
    assert.equal(failed.status?.containerStatuses?.[0]?.ready, false);
    assert.equal(failed.status?.conditions?.find((c) => c.type === 'Ready')?.reason, 'ContainersNotReady');
    assert.equal(isReady(withReadiness(failed, { ok: true }, Date.UTC(2026, 0, 3))), true);
  });
});
