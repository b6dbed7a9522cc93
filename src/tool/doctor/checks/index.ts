export * from './cni.js';
export * from './eniconfig.js';
export * from './network.js';
export * from './nodes.js';
export * from './pods.js';
export * from './subnets.js';
