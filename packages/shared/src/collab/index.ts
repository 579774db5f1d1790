export * from './events.js';
export * from './sync-messages.js';
export * from './provider.js';
