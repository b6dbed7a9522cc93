import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DAEMONSETS,
  DEPLOYMENTS,
  ENICONFIGS,
  EVENTS,
  NODES,
  PODS,
  type Deployment,
  type Node,
  type Pod,
} from './kube-types.js';
import { SeededIds } from '../core/ids.js';
import { Simulation } from './simulation.js';
import type { Controller } from './engine.js';
import { sharedFacts } from './facts.js';
import { setup } from './testing/sim-setup.js';
import { awsNodeDaemonSet, deployment } from './testing/seed.js';

describe('Simulation: nodes', () => {
  it('registers a Node per running instance with EKS labels, max-pods and providerID', () => {
    const t = setup();
    const i = t.launch('subnet-a');
    t.settle();
    const nodes = t.store.list(NODES) as Node[];
    assert.equal(nodes.length, 1);
    const node = nodes[0]!;
    assert.equal(node.metadata.name, `ip-${i.privateIpAddress.replace(/\./g, '-')}.ec2.internal`);
    assert.equal(node.spec.providerID, `aws:///us-east-1a/${i.instanceId}`);
    assert.equal(node.status?.allocatable?.pods, '29');
    const labels = node.metadata.labels!;
    assert.equal(labels['topology.kubernetes.io/zone'], 'us-east-1a');
    assert.equal(labels['failure-domain.beta.kubernetes.io/zone'], 'us-east-1a');
    assert.equal(labels['topology.kubernetes.io/region'], 'us-east-1');
    assert.equal(labels['node.kubernetes.io/instance-type'], 'm5.large');
    assert.equal(labels['eks.amazonaws.com/nodegroup'], 'ng-1');
    assert.equal(labels['topology.k8s.aws/zone-id'], 'use1-az1');
    assert.equal(labels.team, 'web');
    assert.deepEqual(node.status?.addresses?.[0], { type: 'InternalIP', address: i.privateIpAddress });
    assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('takes max-pods from the launch template user data', () => {
    const t = setup();
    t.ec2.launchTemplates.set(
      'lt-1:1',
      "#!/bin/bash\n/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=20'\n",
    );
    t.launch('subnet-a', { launchTemplate: { launchTemplateId: 'lt-1', version: '1' } });
    t.settle();
    const node = (t.store.list(NODES) as Node[])[0]!;
    assert.equal(node.status?.allocatable?.pods, '20');
    assert.equal(node.metadata.labels?.['eks.amazonaws.com/sourceLaunchTemplateId'], 'lt-1');
  });

  it('removes the Node, its pods (drained by the node group) and its ENIs when the instance terminates', () => {
    const t = setup();
    const i = t.launch('subnet-a');
    t.settle();
    assert.ok(t.pods('coredns').length === 2);
    t.ec2.terminate(i.instanceId);
    t.settle();
    assert.equal(t.store.list(NODES).length, 0);
    assert.equal((t.store.list(PODS) as Pod[]).filter((p) => p.spec.nodeName).length, 0);
    assert.equal(t.ec2.listNetworkInterfaces().filter((e) => e.description.startsWith('aws-K8S-')).length, 0);
  });

  it('leaves the pods of a self-managed node to PodGC, after its 40 s quarantine', () => {
    const t = setup();
    const i = t.launch('subnet-a', { tags: [{ key: 'kubernetes.io/cluster/demo', value: 'owned' }] });
    t.settle();
    assert.equal(t.store.list(NODES).length, 1);
    t.ec2.terminate(i.instanceId);
    t.settle();
    assert.equal(t.store.list(NODES).length, 0);
    assert.ok(
      (t.store.list(PODS) as Pod[]).some((p) => p.spec.nodeName),
      'PodGC waits out its quarantine',
    );
    t.clock.advance(40_000);
    t.settle();
    assert.equal((t.store.list(PODS) as Pod[]).filter((p) => p.spec.nodeName).length, 0);
  });
});

describe('Simulation: workloads and the VPC CNI (default mode)', () => {
  it('runs DaemonSets on every node with the node IP and gives pods secondary IPs of the node subnet', () => {
    const t = setup();
    const a = t.launch('subnet-a');
    const b = t.launch('subnet-b');
    t.store.create(DEPLOYMENTS, deployment('nginx', 6));
    t.settle();
    const awsNode = t.pods('aws-node');
    assert.equal(awsNode.length, 2);
    assert.deepEqual(
      awsNode.map((p) => p.status?.podIP).sort(),
      [a.privateIpAddress, b.privateIpAddress].sort(),
    );
    const nginx = t.pods('nginx');
    assert.equal(nginx.length, 6);
    for (const p of nginx) {
      assert.equal(p.status?.phase, 'Running');
      assert.match(p.status?.podIP ?? '', /^10\.0\.[12]\./);
      assert.match(
        p.metadata.name ?? '',
        /^nginx-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      );
    }
    const ips = [...nginx, ...t.pods('coredns')].map((p) => p.status?.podIP);
    assert.equal(new Set(ips).size, ips.length, 'no address twice');
    const d = t.store.get(DEPLOYMENTS, 'default', 'nginx') as Deployment;
    assert.equal((d.status as { readyReplicas?: number }).readyReplicas, 6);
    // Default mode: the primary ENI's secondary addresses serve pods; one warm ENI is kept.
    const enisA = t.ec2.listNetworkInterfaces().filter((e) => e.attachment?.instanceId === a.instanceId);
    assert.ok(enisA.length >= 2);
    const secondary = enisA.find((e) => e.attachment?.deviceIndex === 1)!;
    assert.equal(secondary.description, `aws-K8S-${a.instanceId}`);
    assert.ok(
      secondary.tags.some(
        (tag) => tag.key === 'node.k8s.amazonaws.com/instance_id' && tag.value === a.instanceId,
      ),
    );
    const used = enisA.reduce((n, e) => n + 1 + e.secondaryIps.length, 0);
    assert.equal(t.ec2.getSubnet('subnet-a')!.availableIpAddressCount, 251 - used);
  });

  it('leaves pods ContainerCreating with FailedCreatePodSandBox when the subnet is out of addresses, and retries', () => {
    const t = setup({ fillA: 246 }); // 251 usable: 5 left, the instance's primary IP takes one
    t.launch('subnet-a');
    t.store.create(DEPLOYMENTS, deployment('nginx', 8));
    t.settle();
    const nginx = t.pods('nginx');
    const stuck = nginx.filter((p) => !p.status?.podIP);
    assert.ok(stuck.length > 0, 'some pods must be stuck');
    for (const p of stuck) {
      assert.equal(p.status?.phase, 'Pending');
      assert.equal(p.status?.containerStatuses?.[0]?.state.waiting?.reason, 'ContainerCreating');
      assert.ok(p.spec.nodeName);
    }
    const events = t.store.list(EVENTS).filter((e) => e.reason === 'FailedCreatePodSandBox');
    assert.ok(events.length > 0);
    assert.match(
      String(events[0]!.message),
      /plugin type="aws-cni" name="aws-cni" failed \(add\): add cmd: failed to assign an IP address to container$/,
    );
    assert.equal(t.ec2.getSubnet('subnet-a')!.availableIpAddressCount, 0);
    // Scale down (the stuck pods go first, as the ReplicaSet controller prefers): the addresses
    // freed by the running ones serve the next pods.
    const d = t.store.get(DEPLOYMENTS, 'default', 'nginx') as Deployment;
    d.spec.replicas = 0;
    t.store.update(DEPLOYMENTS, d);
    t.store.create(DEPLOYMENTS, deployment('later', 1));
    t.settle(15);
    assert.ok(t.pods('later')[0]?.status?.podIP, 'a freed address is reused');
  });
});

describe('Simulation: custom networking', () => {
  it('keeps what a node booted with across a sandbox restart (state snapshot)', () => {
    const t = setup();
    const old = t.launch('subnet-a');
    t.settle();
    const before = t.sim.snapshot().nodes[old.instanceId];
    assert.ok(before?.awsNodePod, 'ipamd runs in the node aws-node pod');
    const restarted = new Simulation(
      {
        clock: t.clock,
        ids: new SeededIds({ seed: 8, counter: 0 }),
        region: 'us-east-1',
        accountId: '1',
        timing: { nodeReady: 0, podStart: 0 },
      },
      t.ec2,
      t.eks,
      t.kube,
      JSON.parse(JSON.stringify(t.sim.snapshot())) as ReturnType<Simulation['snapshot']>,
    );
    t.clock.advance(1_000);
    restarted.tick();
    const after = restarted.snapshot().nodes[old.instanceId];
    // The sandbox restarting is no aws-node restart: same pod, same configuration, no new ipamd.
    assert.equal(after?.awsNodePod, before.awsNodePod);
    assert.deepEqual(after?.ipamd, before.ipamd);
    assert.ok(!after?.ipamdLog.some((l) => l.startsWith('Starting L-IPAMD')));
    const node = (t.store.list(NODES) as Node[])[0]!;
    assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('restarts ipamd on every node when the aws-node DaemonSet changes; the ENIs stay', () => {
    const t = setup();
    const old = t.launch('subnet-a');
    t.settle();
    const enisBefore = t.ec2
      .listNetworkInterfaces()
      .filter((e) => e.attachment?.instanceId === old.instanceId);
    const ds = t.store.get(DAEMONSETS, 'kube-system', 'aws-node')!;
    const custom = awsNodeDaemonSet({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    t.store.update(DAEMONSETS, { ...ds, spec: custom.spec });
    t.settle();
    const record = t.sim.snapshot().nodes[old.instanceId];
    assert.equal(record?.ipamd.customNetworking, true);
    assert.ok(record?.ipamdLog.some((l) => l.startsWith('Starting L-IPAMD')));
    const enisAfter = t.ec2
      .listNetworkInterfaces()
      .filter((e) => e.attachment?.instanceId === old.instanceId);
    for (const eni of enisBefore) {
      const now = enisAfter.find((e) => e.networkInterfaceId === eni.networkInterfaceId);
      assert.ok(now, `${eni.networkInterfaceId} is still attached`);
    }
  });

  it('keeps a node in the mode aws-node had when it started; new nodes use the ENIConfig subnet', () => {
    const t = setup();
    const old = t.launch('subnet-a');
    t.settle();
    const ds = t.store.get(DAEMONSETS, 'kube-system', 'aws-node')!;
    const fresh = awsNodeDaemonSet({
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
      ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
    });
    t.store.update(DAEMONSETS, { ...ds, spec: fresh.spec });
    t.store.create(ENICONFIGS, {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: 'us-east-1a' },
      spec: { subnet: 'subnet-pods-a', securityGroups: ['sg-pods'] },
    });
    t.settle();
    const next = t.launch('subnet-a');
    t.settle();
    t.store.create(DEPLOYMENTS, deployment('nginx', 20));
    t.settle(5);
    const byNode = (i: { privateIpAddress: string }) =>
      t
        .pods('nginx')
        .filter((p) => p.spec.nodeName === `ip-${i.privateIpAddress.replace(/\./g, '-')}.ec2.internal`);
    assert.ok(byNode(old).length > 0 && byNode(next).length > 0);
    for (const p of byNode(old)) assert.match(p.status?.podIP ?? '', /^10\.0\.1\./);
    for (const p of byNode(next)) assert.match(p.status?.podIP ?? '', /^100\.64\./);
    const enis = t.ec2.listNetworkInterfaces().filter((e) => e.attachment?.instanceId === next.instanceId);
    assert.equal(
      enis.find((e) => e.attachment?.deviceIndex === 0)!.secondaryIps.length,
      0,
      'the primary ENI serves no pods',
    );
    assert.deepEqual(enis.find((e) => e.attachment?.deviceIndex === 1)!.groups, ['sg-pods']);
  });

  it('never makes a custom-networking node Ready without a matching ENIConfig', () => {
    const t = setup({ awsNodeEnv: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } });
    const i = t.launch('subnet-a');
    t.settle();
    const node = (t.store.list(NODES) as Node[])[0]!;
    assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
    assert.ok(node.spec.taints?.some((x) => x.key === 'node.kubernetes.io/not-ready'));
    assert.ok(t.sim.ipamdLog(i.instanceId).some((l) => l.includes('eniconfig: eniconfig is not available')));
    const pending = t.pods('coredns').filter((p) => !p.spec.nodeName);
    assert.equal(pending.length, 2);
    const awsNode = t.pods('aws-node')[0]!;
    const status = awsNode.status?.containerStatuses?.[0];
    assert.equal(status?.state.waiting?.reason, 'CrashLoopBackOff');
    assert.ok((status?.restartCount ?? 0) >= 1);
    // The ENIConfig appears: ipamd starts, the node turns Ready, the pods get ENIConfig-subnet addresses.
    t.store.create(ENICONFIGS, {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: 'default' },
      spec: { subnet: 'subnet-pods-a' },
    });
    t.settle();
    const ready = (t.store.list(NODES) as Node[])[0]!;
    assert.equal(ready.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(t.pods('aws-node')[0]!.status?.containerStatuses?.[0]?.ready, true);
    for (const p of t.pods('coredns')) assert.match(p.status?.podIP ?? '', /^100\.64\./);
    const reasons = t.store
      .list(EVENTS)
      .filter((e) => (e.involvedObject as { kind?: string }).kind === 'Node')
      .map((e) => e.reason);
    assert.deepEqual(reasons.sort(), ['NodeReady', 'RegisteredNode', 'Starting']);
  });
});

describe('Simulation: scheduling and deletion', () => {
  it('honours cordon and finishes graceful deletion, releasing the address', () => {
    const t = setup();
    t.launch('subnet-a');
    t.settle();
    const node = (t.store.list(NODES) as Node[])[0]!;
    t.store.update(NODES, { ...node, spec: { ...node.spec, unschedulable: true } });
    t.store.create(DEPLOYMENTS, deployment('web', 1));
    t.settle();
    const web = t.pods('web')[0]!;
    assert.equal(web.spec.nodeName, undefined);
    assert.match(
      web.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? '',
      /node\(s\) were unschedulable/,
    );
    const dns = t.pods('coredns')[0]!;
    const ip = dns.status?.podIP;
    t.store.delete(PODS, 'kube-system', dns.metadata.name!);
    t.settle();
    assert.equal(t.store.get(PODS, 'kube-system', dns.metadata.name!), undefined);
    const replacement = t.pods('coredns').filter((p) => p.metadata.name !== dns.metadata.name);
    assert.equal(replacement.length, 2);
    assert.ok(ip);
  });

  it('rolls a Deployment to a new ReplicaSet when its template changes', () => {
    const t = setup();
    t.launch('subnet-a');
    t.launch('subnet-b');
    t.store.create(DEPLOYMENTS, deployment('nginx', 4));
    t.settle();
    const d = t.store.get(DEPLOYMENTS, 'default', 'nginx') as Deployment;
    d.spec.template.spec.containers[0]!.image = 'nginx:1.27';
    t.store.update(DEPLOYMENTS, d);
    t.settle(10);
    const pods = t.pods('nginx');
    assert.equal(pods.length, 4);
    assert.ok(
      pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.27' && p.status?.phase === 'Running'),
    );
    const status = (t.store.get(DEPLOYMENTS, 'default', 'nginx') as Deployment).status as Record<
      string,
      number
    >;
    assert.equal(status.updatedReplicas, 4);
    assert.equal(status.availableReplicas, 4);
  });
});

describe('Simulation: schedule', () => {
  function counting(name: string, requeueIn?: number) {
    const controller = {
      name,
      runs: 0,
      reconcile(ctx: Parameters<Controller['reconcile']>[0]) {
        controller.runs++;
        if (requeueIn !== undefined) ctx.requeueAt(ctx.now + requeueIn);
        return 0;
      },
    };
    return controller;
  }

  function world(controllers: Controller[]) {
    const t = setup();
    const env = {
      clock: t.clock,
      ids: new SeededIds({ seed: 7, counter: 0 }),
      region: 'us-east-1',
      accountId: '111122223333',
      timing: { nodeReady: 0, podStart: 0 },
    };
    return { ...t, sim: new Simulation(env, t.ec2, t.eks, t.kube, undefined, sharedFacts, controllers) };
  }

  it('runs only the controller whose wake-up came, not the others, until a write makes them dirty', () => {
    const retrying = counting('retrying', 10_000);
    const idle = counting('idle');
    const t = world([retrying, idle]);
    t.sim.tick();
    assert.deepEqual([retrying.runs, idle.runs], [1, 1], 'the first tick runs every controller');
    t.clock.advance(5_000);
    t.sim.tick();
    assert.deepEqual([retrying.runs, idle.runs], [1, 1], 'nothing is due');
    for (let i = 0; i < 2; i++) {
      t.clock.advance(10_000);
      t.sim.tick();
    }
    assert.deepEqual([retrying.runs, idle.runs], [3, 1], 'its requeues run only the retrying controller');
    t.store.create(DEPLOYMENTS, deployment('web', 1));
    t.clock.advance(1);
    t.sim.tick();
    assert.deepEqual([retrying.runs, idle.runs], [4, 2], 'a write runs every controller');
  });

  it('keeps the wake-ups per controller across a restart (state snapshot)', () => {
    const soon = counting('soon', 1_000);
    const later = counting('later', 60_000);
    const t = world([soon, later]);
    t.sim.tick();
    const state = t.sim.snapshot();
    assert.ok(
      state.schedule?.demo?.wakeBy?.soon !== undefined && state.schedule.demo.wakeBy.later !== undefined,
    );
    const env = {
      clock: t.clock,
      ids: new SeededIds({ seed: 7, counter: 0 }),
      region: 'us-east-1',
      accountId: '111122223333',
      timing: { nodeReady: 0, podStart: 0 },
    };
    const restored = new Simulation(env, t.ec2, t.eks, t.kube, state, sharedFacts, [soon, later]);
    t.clock.advance(1_000);
    restored.tick();
    assert.deepEqual([soon.runs, later.runs], [2, 1]);
  });
});
