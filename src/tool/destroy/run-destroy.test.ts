import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DestroyPlan } from './compute.js';
import { checkDestroyable } from './run-destroy.js';

const base: DestroyPlan = {
  actions: [{ kind: 'delete-subnet', subnetId: 'subnet-pod', cidr: '100.64.0.0/17' }],
  podsInPodSubnets: [],
  ownedNodegroups: [],
  rolledNodegroups: [],
  needsRotation: false,
  foreignNodes: [],
  podSubnetIds: ['subnet-pod'],
  discoverySubnets: [],
  discoveryOff: 'tag-0',
  restoredNodeSubnets: [],
  blockers: [],
  kept: [],
};

describe('checkDestroyable', () => {
  it('passes a plan with nothing in the subnets, with or without --force', () => {
    checkDestroyable(base, 'demo', false);
    checkDestroyable({ ...base, discoverySubnets: ['subnet-pod'] }, 'demo', false);
  });

  it('refuses (exit 2) while nodes of other groups hold interfaces there, and names what --force does', () => {
    const plan: DestroyPlan = {
      ...base,
      discoverySubnets: ['subnet-pod'],
      needsRotation: true,
      podsInPodSubnets: ['default/web (100.64.0.9)'],
      foreignNodes: [{ nodegroup: 'demo-nodes', instanceId: 'i-02', nodeName: 'n2' }],
    };
    assert.throws(
      () => checkDestroyable(plan, 'demo', false),
      (err: Error & { code?: string; exitCode?: number; hint?: string }) => {
        assert.equal(err.code, 'E_POD_SUBNETS_IN_USE');
        assert.equal(err.exitCode, 2);
        assert.match(
          err.message,
          /1 pod\(s\) still use eks-cidr's pod subnets: default\/web \(100\.64\.0\.9\)/,
        );
        assert.match(err.message, /n2 \(i-02, demo-nodes\) hold network interfaces in them/);
        assert.match(err.hint ?? '', /Nothing was changed/);
        assert.match(err.hint ?? '', /eks-cidr destroy --cluster demo --yes --force/);
        assert.match(
          err.hint ?? '',
          /tag the pod subnets kubernetes\.io\/role\/cni=0, then replace those 1 node\(s\) one at a time/,
        );
        assert.doesNotMatch(err.hint ?? '', /custom networking/);
        return true;
      },
    );
    checkDestroyable(plan, 'demo', true);
  });

  it('says it removes the tag key where the VPC CNI reads only the key', () => {
    const plan: DestroyPlan = {
      ...base,
      discoverySubnets: ['subnet-pod'],
      discoveryOff: 'remove-tag',
      foreignNodes: [{ nodegroup: 'demo-nodes', instanceId: 'i-02', nodeName: 'n2' }],
    };
    assert.throws(
      () => checkDestroyable(plan, 'demo', false),
      (err: Error & { hint?: string }) => /remove their kubernetes\.io\/role\/cni tag/.test(err.hint ?? ''),
    );
  });

  it('refuses blockers even with --force', () => {
    const plan = { ...base, blockers: [{ what: 'instances i-03', todo: 'terminate them' }] };
    assert.throws(
      () => checkDestroyable(plan, 'demo', true),
      /E_DESTROY_BLOCKED|destroy would stop half-way/,
    );
  });
});
