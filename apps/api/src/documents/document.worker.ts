import { parentPort } from 'node:worker_threads';
import { type DocumentTask, runDocumentTask, transferables } from './document-tasks.js';

export interface DocumentRequest {
  id: number;
  task: DocumentTask;
}

export type DocumentReply = { id: number; outcome: Awaited<ReturnType<typeof runDocumentTask>> } | { id: number; error: string };

/** A document worker thread: runs the tasks the main thread sends (document-work.ts), one at a time. */
const port = parentPort;
if (!port) throw new Error('document.worker.js runs as a worker thread');
port.on('message', (req: DocumentRequest) => {
  runDocumentTask(req.task).then(
    (outcome) => port.postMessage({ id: req.id, outcome } satisfies DocumentReply, transferables(outcome.result)),
    (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies DocumentReply),
  );
});
