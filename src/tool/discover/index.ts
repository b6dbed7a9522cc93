export * from './snapshot.js';
export * from './discover.js';
export * from './concurrency.js';
