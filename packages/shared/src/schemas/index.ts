export * from './common.js';
export * from './auth.js';
export * from './users.js';
export * from './teams.js';
export * from './reports.js';
export * from './workflow.js';
export * from './comments.js';
export * from './content.js';
