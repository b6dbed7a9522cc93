/**
 * Real kubectl against the sandbox's Kubernetes API (TLS verified with the sandbox CA): get with
 * -o wide / -o json / -l, describe, apply of CRDs and ENIConfigs, patch --type merge, set env on a
 * DaemonSet, create deployment, scale, and the errors kubectl prints.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject, ResourceRef } from '../../src/sandbox/services/kube/types.js';
import { SKIP_KUBECTL, startKubectlHarness, type KubectlHarness } from './kubectl-harness.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const DAEMONSETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
const ENICONFIGS: ResourceRef = {
  group: 'crd.k8s.amazonaws.com',
  version: 'v1alpha1',
  resource: 'eniconfigs',
};

let h: KubectlHarness;

function runningPod(name: string, node: string, labels: Record<string, string> = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

describe('kubectl against the sandbox', { skip: SKIP_KUBECTL }, () => {
  before(async () => {
    h = await startKubectlHarness();
    const store = h.clusters.get('demo')!;
    for (const [name, node, ip] of [
      ['web-1', 'ip-10-0-1-10.ec2.internal', '100.64.1.5'],
      ['web-2', 'ip-10-0-2-20.ec2.internal', '100.64.2.9'],
    ] as const) {
      store.create(PODS, runningPod(name, node, { app: 'web' }));
      store.patch(
        PODS,
        'default',
        name,
        'merge',
        {
          status: {
            phase: 'Running',
            podIP: ip,
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: [
              {
                name: 'app',
                ready: true,
                restartCount: 0,
                state: { running: {} },
                image: 'nginx:1.27',
                imageID: '',
              },
            ],
          },
        },
        { subresource: 'status' },
      );
    }
  });
  after(() => h?.cleanup());

  it('gets pods -o wide with IP and NODE from the server-side Table', async () => {
    const r = await h.kubectl(['get', 'pods', '-o', 'wide']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0] ?? '',
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    assert.match(
      lines[1] ?? '',
      /^web-1\s+1\/1\s+Running\s+0\s+\S+\s+100\.64\.1\.5\s+ip-10-0-1-10\.ec2\.internal\s/,
    );
  });

  it('gets with -l and -o json', async () => {
    const r = await h.kubectl([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'json',
      '--field-selector',
      'spec.nodeName=ip-10-0-2-20.ec2.internal',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { items: KubeObject[] };
    assert.deepEqual(
      list.items.map((p) => p.metadata.name),
      ['web-2'],
    );
  });

  it('describes a deployment', async () => {
    const r = await h.kubectl(['describe', 'deployment', 'coredns', '-n', 'kube-system']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Name:\s+coredns$/m);
    assert.match(r.stdout, /^Replicas:\s+2 desired/m);
    assert.match(r.stdout, /^StrategyType:\s+RollingUpdate$/m);
  });

  it('applies a CRD, then a custom resource of it, and an ENIConfig twice', async () => {
    const crd = join(h.dir, 'crd.yaml');
    writeFileSync(
      crd,
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      additionalPrinterColumns:
        - {name: Size, type: integer, jsonPath: .spec.size}
        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`,
    );
    assert.equal((await h.kubectl(['apply', '-f', crd])).code, 0);
    const widget = join(h.dir, 'widget.yaml');
    writeFileSync(
      widget,
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: 3}\n',
    );
    const applied = await h.kubectl(['apply', '-f', widget]);
    assert.equal(applied.code, 0, applied.stderr);
    const got = await h.kubectl(['get', 'wd']);
    assert.match(got.stdout, /^NAME\s+SIZE\s+AGE\n/);
    assert.match(got.stdout, /^w1\s+3\s+\S+$/m);

    const eni = join(h.dir, 'eni.yaml');
    writeFileSync(
      eni,
      'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata: {name: us-east-1a}\nspec: {subnet: subnet-0a1, securityGroups: [sg-1]}\n',
    );
    assert.match(
      (await h.kubectl(['apply', '-f', eni])).stdout,
      /eniconfig.crd.k8s.amazonaws.com\/us-east-1a created/,
    );
    assert.match((await h.kubectl(['apply', '-f', eni])).stdout, /unchanged/);
  });

  it('patches an ENIConfig with --type merge', async () => {
    const r = await h.kubectl([
      'patch',
      'eniconfig',
      'us-east-1a',
      '--type',
      'merge',
      '-p',
      '{"spec":{"subnet":"subnet-0b2"}}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const o = h.clusters.get('demo')!.get(ENICONFIGS, undefined, 'us-east-1a');
    assert.deepEqual(o.spec, { subnet: 'subnet-0b2', securityGroups: ['sg-1'] });
  });

  it('sets env on the aws-node DaemonSet through a strategic merge patch', async () => {
    const r = await h.kubectl([
      'set',
      'env',
      'daemonset',
      'aws-node',
      '-n',
      'kube-system',
      'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true',
      'ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const ds = h.clusters.get('demo')!.get(DAEMONSETS, 'kube-system', 'aws-node');
    const env = (
      ds.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }
    ).template.spec.containers[0]!.env;
    assert.equal(env.find((e) => e.name === 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')?.value, 'true');
    assert.equal(env.find((e) => e.name === 'ENI_CONFIG_LABEL_DEF')?.value, 'topology.kubernetes.io/zone');
    assert.equal(env.find((e) => e.name === 'WARM_ENI_TARGET')?.value, '1');
    assert.ok(env.some((e) => e.name === 'MY_NODE_NAME'));
  });

  it('creates and scales a deployment', async () => {
    assert.equal(
      (await h.kubectl(['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=2'])).code,
      0,
    );
    const scaled = await h.kubectl(['scale', 'deployment', 'api', '--replicas=4']);
    assert.equal(scaled.code, 0, scaled.stderr);
    const d = h.clusters.get('demo')!.get(DEPLOYMENTS, 'default', 'api');
    assert.equal((d.spec as { replicas: number }).replicas, 4);
    const listed = await h.kubectl(['get', 'deploy', 'api']);
    assert.match(listed.stdout, /^api\s+0\/4\s+0\s+0\s+\S+$/m);
  });

  it('reads the (empty) logs of a running pod and refuses those of a pod still starting', async () => {
    const running = await h.kubectl(['logs', 'web-1']);
    assert.equal(running.code, 0, running.stderr);
    assert.equal(running.stdout, '');
    h.clusters.get('demo')!.create(PODS, runningPod('starting', 'ip-10-0-1-10.ec2.internal'));
    const starting = await h.kubectl(['logs', 'starting']);
    assert.notEqual(starting.code, 0);
    assert.match(starting.stderr, /container "app" in pod "starting" is waiting to start: ContainerCreating/);
  });

  it("prints the apiserver's errors: NotFound, and Unauthorized for a bad token", async () => {
    const missing = await h.kubectl(['get', 'pod', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "nope" not found/);
    const bad = join(h.dir, 'bad-kubeconfig');
    writeFileSync(bad, h.kubeconfig().replace(/token: .*/, 'token: wrong'));
    const denied = await h.kubectl(['get', 'pods'], { kubeconfig: bad });
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Unauthorized/);
  });
});
