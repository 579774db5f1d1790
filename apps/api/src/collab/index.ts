// The collaboration feature's public surface.
export { CollabModule } from './collab.module.js';
export { CollabService } from './collab.service.js';
export { CollabIoAdapter } from './collab-io.adapter.js';
