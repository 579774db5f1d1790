export { CommentsModule } from './comments.module.js';
export { CommentsService } from './comments.service.js';
