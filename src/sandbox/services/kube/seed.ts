/**
 * What a new EKS cluster's API holds before anyone touches it: the four system namespaces, the
 * `kubernetes` and `kube-dns` services, the VPC CNI (aws-node DaemonSet and the ENIConfig CRD it
 * installs), kube-proxy, and CoreDNS with its disruption budget, as the EKS add-ons install them.
 */
import { deepCopy } from './deep-copy.js';
import type { KubeStore } from './kube-store.js';
import type { KubeObject, ResourceRef } from './types.js';

export const CNI_VERSION = 'v1.19.2-eksbuild.1';

const ref = (group: string, version: string, resource: string): ResourceRef => ({ group, version, resource });
const NAMESPACES = ref('', 'v1', 'namespaces');
const SERVICES = ref('', 'v1', 'services');
const SERVICE_ACCOUNTS = ref('', 'v1', 'serviceaccounts');
const DAEMONSETS = ref('apps', 'v1', 'daemonsets');
const DEPLOYMENTS = ref('apps', 'v1', 'deployments');
const CRDS = ref('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
const PDBS = ref('policy', 'v1', 'poddisruptionbudgets');

function ecr(region: string, repo: string, tag: string): string {
  return `602401143452.dkr.ecr.${region}.amazonaws.com/${repo}:${tag}`;
}

const notFargate = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
            {
              key: 'eks.amazonaws.com/compute-type',
              operator: 'NotIn',
              values: ['fargate', 'hybrid', 'auto'],
            },
          ],
        },
      ],
    },
  },
};

export const ENICONFIG_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'eniconfigs.crd.k8s.amazonaws.com' },
  spec: {
    group: 'crd.k8s.amazonaws.com',
    scope: 'Cluster',
    names: { plural: 'eniconfigs', singular: 'eniconfig', kind: 'ENIConfig', listKind: 'ENIConfigList' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          // As the VPC CNI's chart installs it (charts/aws-vpc-cni/crds/customresourcedefinition.yaml).
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            description: 'ENIConfig is the Schema for the eniconfigs API',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                description: 'ENIConfigSpec defines the desired state of ENIConfig',
                type: 'object',
                required: ['subnet'],
                properties: {
                  securityGroups: { type: 'array', items: { type: 'string' } },
                  subnet: { type: 'string' },
                },
              },
              status: {
                description: 'ENIConfigStatus defines the observed state of ENIConfig',
                type: 'object',
              },
            },
          },
        },
      },
    ],
  },
};

function awsNode(region: string): KubeObject {
  const env = (name: string, value: string) => ({ name, value });
  return {
    metadata: {
      name: 'aws-node',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'aws-node',
        'app.kubernetes.io/name': 'aws-node',
        'app.kubernetes.io/instance': 'aws-vpc-cni',
        'app.kubernetes.io/version': CNI_VERSION.split('-')[0] ?? '',
      },
    },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'aws-node' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      template: {
        metadata: {
          labels: {
            'k8s-app': 'aws-node',
            'app.kubernetes.io/name': 'aws-node',
            'app.kubernetes.io/instance': 'aws-vpc-cni',
          },
        },
        spec: {
          serviceAccountName: 'aws-node',
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          terminationGracePeriodSeconds: 10,
          tolerations: [{ operator: 'Exists' }],
          affinity: notFargate,
          initContainers: [
            {
              name: 'aws-vpc-cni-init',
              image: ecr(region, 'amazon-k8s-cni-init', CNI_VERSION),
              env: [env('DISABLE_TCP_EARLY_DEMUX', 'false'), env('ENABLE_IPv6', 'false')],
            },
          ],
          containers: [
            {
              name: 'aws-node',
              image: ecr(region, 'amazon-k8s-cni', CNI_VERSION),
              ports: [{ containerPort: 61678, name: 'metrics', protocol: 'TCP' }],
              env: [
                env('ADDITIONAL_ENI_TAGS', '{}'),
                env('AWS_VPC_CNI_NODE_PORT_SUPPORT', 'true'),
                env('AWS_VPC_ENI_MTU', '9001'),
                env('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'false'),
                env('AWS_VPC_K8S_CNI_EXTERNALSNAT', 'false'),
                env('AWS_VPC_K8S_CNI_LOGLEVEL', 'DEBUG'),
                env('AWS_VPC_K8S_CNI_LOG_FILE', '/host/var/log/aws-routed-eni/ipamd.log'),
                env('AWS_VPC_K8S_CNI_RANDOMIZESNAT', 'prng'),
                env('AWS_VPC_K8S_CNI_VETHPREFIX', 'eni'),
                env('AWS_VPC_K8S_PLUGIN_LOG_FILE', '/var/log/aws-routed-eni/plugin.log'),
                env('AWS_VPC_K8S_PLUGIN_LOG_LEVEL', 'DEBUG'),
                env('DISABLE_INTROSPECTION', 'false'),
                env('DISABLE_METRICS', 'false'),
                env('DISABLE_NETWORK_RESOURCE_PROVISIONING', 'false'),
                env('ENABLE_IPv4', 'true'),
                env('ENABLE_IPv6', 'false'),
                env('ENABLE_POD_ENI', 'false'),
                env('ENABLE_PREFIX_DELEGATION', 'false'),
                env('VPC_CNI_VERSION', CNI_VERSION.split('-')[0] ?? ''),
                env('WARM_ENI_TARGET', '1'),
                env('WARM_PREFIX_TARGET', '1'),
                {
                  name: 'MY_NODE_NAME',
                  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                },
                {
                  name: 'MY_POD_NAME',
                  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
                },
              ],
              resources: { requests: { cpu: '25m' } },
            },
          ],
        },
      },
    },
  };
}

function kubeProxy(region: string, version: string): KubeObject {
  const labels = { 'k8s-app': 'kube-proxy', 'eks.amazonaws.com/component': 'kube-proxy' };
  return {
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'kube-proxy',
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          affinity: notFargate,
          containers: [
            {
              name: 'kube-proxy',
              image: ecr(region, 'eks/kube-proxy', `v${version}.0-minimal-eksbuild.1`),
              command: [
                'kube-proxy',
                '--v=2',
                '--config=/var/lib/kube-proxy-config/config',
                '--hostname-override=$(NODE_NAME)',
              ],
              env: [
                {
                  name: 'NODE_NAME',
                  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                },
              ],
              resources: { requests: { cpu: '100m' } },
            },
          ],
        },
      },
    },
  };
}

function coredns(region: string): KubeObject {
  const labels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };
  return {
    metadata: {
      name: 'coredns',
      namespace: 'kube-system',
      labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'coredns',
          priorityClassName: 'system-cluster-critical',
          dnsPolicy: 'Default',
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
          ],
          containers: [
            {
              name: 'coredns',
              image: ecr(region, 'eks/coredns', 'v1.11.3-eksbuild.1'),
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            },
          ],
        },
      },
    },
  };
}

export function seedCluster(store: KubeStore, region: string, version: string): void {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create(NAMESPACES, { metadata: { name } });
  }
  store.create(SERVICES, {
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: '10.100.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
    },
  });
  store.create(SERVICES, {
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIP: '10.100.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  });
  for (const sa of ['aws-node', 'kube-proxy', 'coredns']) {
    store.create(SERVICE_ACCOUNTS, { metadata: { name: sa, namespace: 'kube-system' } });
  }
  store.create(CRDS, deepCopy(ENICONFIG_CRD));
  store.create(DAEMONSETS, awsNode(region));
  store.create(DAEMONSETS, kubeProxy(region, version));
  store.create(DEPLOYMENTS, coredns(region));
  store.create(PDBS, {
    metadata: {
      name: 'coredns',
      namespace: 'kube-system',
      labels: { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' },
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns' } },
    },
  });
}
