export * from './cidr-rule-result.js';
export * from './address-ranges.js';
export * from './vpc-cidr-rules.js';
export * from './subnet-rules.js';
export * from './instance-types.js';
export * from './cni-version.js';
export * from './max-pods.js';
export * from './availability-zones.js';
export { closestNames, editDistance } from './suggest.js';
