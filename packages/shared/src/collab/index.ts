export * from './events.js';
export * from './schemas.js';
export * from './sync-messages.js';
export * from './provider.js';
