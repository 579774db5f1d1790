import { Module } from '@nestjs/common';
import { DocumentWork } from './document-work.js';

/**
 * Whole-document work off the event loop: content, checks, the official .docx, diffs, on worker
 * threads, with their results kept per content. Pure functions of Yjs updates; no feature's.
 */
@Module({ providers: [DocumentWork], exports: [DocumentWork] })
export class DocumentsModule {}
