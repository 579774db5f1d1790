export * from './limits.js';
export * from './errors.js';
export * from './workflow.js';
export * from './api-types.js';
export * from './schemas/index.js';
export * from './content.js';
export * from './collab/index.js';
