export * from './aws.js';
export * from './kube.js';
