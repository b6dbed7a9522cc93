export * from './ipv4.js';
export * from './cidr.js';
export * from './ranges.js';
export * from './operations.js';
