/**
 * Kubernetes workloads and address consumers the scenarios add: the `web` deployment (through the
 * cluster's object store, as `kubectl create deployment` would) and the other tenants of the node
 * subnets that leave them nearly full.
 */
import type { ScenarioWorld } from './types.js';
import { CLUSTER } from './names.js';

export const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
export const WEB_DEPLOYMENT = 'web';

export function createWebDeployment(world: ScenarioWorld, replicas: number): void {
  const store = world.kube.ensure(CLUSTER);
  const labels = { app: WEB_DEPLOYMENT };
  store.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: WEB_DEPLOYMENT, namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'public.ecr.aws/nginx/nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  });
}

/** The most secondary addresses one ENI takes (the largest instance types' per-ENI limit). */
const ADDRESSES_PER_ENI = 50;

/**
 * Takes addresses in `subnetId` until only `leave` are free, with ENIs of another workload (an older
 * batch fleet sharing the subnet), as real node subnets fill up with more than pods.
 */
export function fillSubnet(world: ScenarioWorld, subnetId: string, leave: number): number {
  const { ec2 } = world;
  let taken = 0;
  for (;;) {
    const free = ec2.getSubnet(subnetId)?.availableIpAddressCount ?? 0;
    const take = Math.min(free - leave, ADDRESSES_PER_ENI);
    if (take <= 0) return taken;
    ec2.createNetworkInterface({
      subnetId,
      description: 'legacy-batch worker',
      secondaryPrivateIpAddressCount: take - 1,
      tags: [
        { key: 'Name', value: 'legacy-batch' },
        { key: 'app', value: 'legacy-batch' },
      ],
    });
    taken += take;
  }
}
