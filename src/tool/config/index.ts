export * from './request.js';
export * from './schema.js';
export * from './load.js';
