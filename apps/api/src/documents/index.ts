export { DocumentsModule } from './documents.module.js';
export { DocumentWork } from './document-work.js';
export type { DocumentReading, DocxMeta } from './document-tasks.js';
export { DOCX_MIME } from './official-docx.js';
export { replayUpdates } from './replay.js';
