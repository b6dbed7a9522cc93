export * from './events.js';
export { JsonRenderer } from './json-renderer.js';
export { PlainRenderer, describeEvent } from './plain-renderer.js';
export { TtyRenderer } from './tty-renderer.js';
export { rendererFor } from './choose.js';
