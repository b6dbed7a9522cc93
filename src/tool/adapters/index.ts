export * from './aws.js';
export * from './kube.js';
export * from './kubeconfig-merge.js';
