/**
 * The one writer of node bootstrap user data in the sandbox, in the two forms the EKS AMIs read
 * (sim/user-data.ts is the reader):
 * - AL2023: a MIME multipart document with one `application/node.eks.aws` part holding a nodeadm
 *   `NodeConfig` (`spec.cluster`, and `spec.kubelet.config.maxPods` when set);
 * - AL2: `/etc/eks/bootstrap.sh <cluster> [--use-max-pods false] [--kubelet-extra-args '--max-pods=N']`.
 * EKS writes it for node groups without a launch template (node-launcher.ts); a twin writes it into
 * the launch templates it rebuilds from a snapshot (scenarios/from-snapshot-cluster.ts).
 */
export interface NodeadmSettings {
  cluster: string;
  /** `spec.cluster.apiServerEndpoint` and `spec.cluster.cidr`, as EKS writes them. */
  apiServerEndpoint?: string | undefined;
  serviceCidr?: string | undefined;
  maxPods?: number | undefined;
}

export interface BootstrapShSettings {
  cluster: string;
  /** `false` adds `--use-max-pods false` (bootstrap.sh then leaves max-pods to kubelet or the flag). */
  useMaxPods?: boolean | undefined;
  maxPods?: number | undefined;
}

export function nodeadmUserData(s: NodeadmSettings): string {
  return [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="BOUNDARY"',
    '',
    '--BOUNDARY',
    'Content-Type: application/node.eks.aws',
    '',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${s.cluster}`,
    ...(s.apiServerEndpoint !== undefined ? [`    apiServerEndpoint: ${s.apiServerEndpoint}`] : []),
    ...(s.serviceCidr !== undefined ? [`    cidr: ${s.serviceCidr}`] : []),
    ...(s.maxPods !== undefined ? ['  kubelet:', '    config:', `      maxPods: ${s.maxPods}`] : []),
    '',
    '--BOUNDARY--',
    '',
  ].join('\n');
}

export function bootstrapShUserData(s: BootstrapShSettings): string {
  const args = [
    ...(s.useMaxPods === false ? ['--use-max-pods false'] : []),
    ...(s.maxPods !== undefined ? [`--kubelet-extra-args '--max-pods=${s.maxPods}'`] : []),
  ];
  return `#!/bin/bash\nset -ex\n/etc/eks/bootstrap.sh ${s.cluster}${args.length ? ` ${args.join(' ')}` : ''}\n`;
}
