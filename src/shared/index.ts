/** What the tool and the sandbox share, as the package's `eks-cidr/shared` entry point. */
export * from './cidr/index.js';
export * from './aws-facts/index.js';
export * from './errors.js';
