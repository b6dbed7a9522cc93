/** Seeds a fake store the way `services/kube/seed.ts` seeds a new cluster: aws-node, kube-proxy, coredns. */
import { DAEMONSETS, DEPLOYMENTS, type DaemonSet, type Deployment } from '../kube-types.js';
import type { FakeKubeStore } from './fake-kube.js';

export function awsNodeDaemonSet(env: Record<string, string> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'aws-node', namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'aws-node' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: { 'k8s-app': 'aws-node' } },
        spec: {
          hostNetwork: true,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'aws-node',
              image: '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1',
              env: Object.entries({
                AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
                WARM_ENI_TARGET: '1',
                ENABLE_PREFIX_DELEGATION: 'false',
                ...env,
              }).map(([name, value]) => ({ name, value })),
            },
          ],
        },
      },
    },
  };
}

export function deployment(
  name: string,
  replicas: number,
  namespace = 'default',
  image = 'nginx',
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: image, image }] } },
    },
  };
}

export function seedCluster(store: FakeKubeStore, awsNodeEnv: Record<string, string> = {}): void {
  store.create(DAEMONSETS, awsNodeDaemonSet(awsNodeEnv));
  const proxy = awsNodeDaemonSet();
  proxy.metadata = { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } };
  proxy.spec.selector = { matchLabels: { 'k8s-app': 'kube-proxy' } };
  proxy.spec.template.metadata = { labels: { 'k8s-app': 'kube-proxy' } };
  proxy.spec.template.spec.containers = [
    {
      name: 'kube-proxy',
      image: '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:v1.31.3-minimal-eksbuild.2',
    },
  ];
  store.create(DAEMONSETS, proxy);
  store.create(DEPLOYMENTS, deployment('coredns', 2, 'kube-system', 'coredns'));
}
