import {
  checkReport,
  contentBlocks,
  contentHash,
  type ContentBlock,
  type ContentProblem,
  type DiffBlock,
  diffBlocks,
  plainText,
} from '@review/shared';
import * as Y from 'yjs';
import { docxBlocks, type OfficialDocument, officialDocx } from './official-docx.js';
import { replayUpdates } from './replay.js';

/**
 * The work on a whole document that the API answers reads with: pure functions of encoded Yjs
 * updates, run on a worker thread (document.worker.ts) so that a large document never holds the
 * event loop. `updates` are applied one by one, as the log is replayed (replay.ts).
 */
export type DocumentTask =
  | { kind: 'read'; updates: Uint8Array[] }
  | { kind: 'docx'; updates: Uint8Array[]; meta: DocxMeta }
  | { kind: 'diff'; older: Uint8Array[]; newer: Uint8Array[] };

/** Everything of the official document but what comes from the content. */
export type DocxMeta = Omit<OfficialDocument, 'blocks' | 'contentHash'>;

/**
 * What a read of the document gives, as the JSON the API answers with (made on the worker thread,
 * so that the main thread only sends bytes): the content `{contentHash, text, blocks}` and the
 * checks `{ok, problems}`.
 */
export interface DocumentReading {
  contentHash: string;
  contentJson: Uint8Array;
  checksJson: Uint8Array;
}

export interface DocumentResults {
  read: DocumentReading;
  docx: { file: Uint8Array; contentHash: string };
  /** The diff's blocks as JSON (DiffDto['blocks']). */
  diff: { blocksJson: Uint8Array };
}

/** The buffers of a result, to transfer rather than copy to the main thread. */
export function transferables(result: DocumentResults[DocumentTask['kind']]): ArrayBuffer[] {
  return Object.values(result)
    .filter((v): v is Uint8Array => v instanceof Uint8Array)
    .map((v) => v.buffer as ArrayBuffer);
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** A result, and the updates of the log that did not integrate and were left out (indices). */
export interface TaskOutcome<K extends DocumentTask['kind']> {
  result: DocumentResults[K];
  skipped: number[];
}

export async function runDocumentTask<T extends DocumentTask>(task: T): Promise<TaskOutcome<T['kind']>> {
  const skipped: number[] = [];
  const open = (updates: Uint8Array[]) => replayUpdates(() => new Y.Doc({ gc: true }), updates, null, (index) => skipped.push(index));
  const outcome = async (): Promise<DocumentResults[DocumentTask['kind']]> => {
    switch (task.kind) {
      case 'read':
        return withDoc(open(task.updates), async (doc) => {
          const blocks: ContentBlock[] = contentBlocks(doc);
          const hash = await contentHash(doc);
          const problems: ContentProblem[] = checkReport(blocks);
          return {
            contentHash: hash,
            contentJson: json({ contentHash: hash, text: plainText(doc), blocks }),
            checksJson: json({ ok: problems.length === 0, problems }),
          };
        });
      case 'docx':
        return withDoc(open(task.updates), async (doc) => {
          const hash = await contentHash(doc);
          const file = await officialDocx({ ...task.meta, contentHash: hash, blocks: docxBlocks(doc) });
          // A buffer of its own, so that it can be transferred to the main thread.
          const bytes = new Uint8Array(file.byteLength);
          bytes.set(file);
          return { file: bytes, contentHash: hash };
        });
      case 'diff': {
        const before = withDoc(open(task.older), (doc) => contentBlocks(doc));
        const after = withDoc(open(task.newer), (doc) => contentBlocks(doc));
        const blocks: DiffBlock[] = diffBlocks(await before, await after);
        return { blocksJson: json(blocks) };
      }
    }
  };
  return { result: (await outcome()) as DocumentResults[T['kind']], skipped };
}

async function withDoc<R>(doc: Y.Doc, fn: (doc: Y.Doc) => R | Promise<R>): Promise<R> {
  try {
    return await fn(doc);
  } finally {
    doc.destroy();
  }
}
