import { canonicalContent, contentHash, type VersionReason } from '@review/shared';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';

export interface StoredVersion {
  id: string;
  number: number;
  contentHash: string;
}

/**
 * Stores a version of `doc` (the document as committed, read under the report's row lock):
 * full Yjs state, canonical content and its hash, numbered 1, 2, 3 … per report.
 */
export async function insertVersion(
  tx: EntityManager,
  reportId: string,
  userId: string,
  doc: Y.Doc,
  uptoSeq: number,
  reason: VersionReason,
  label: string | null,
): Promise<StoredVersion> {
  const content = canonicalContent(doc);
  const hash = await contentHash(doc);
  const rows: { id: string; number: number }[] = await tx.query(
    `INSERT INTO report_versions (report_id, number, label, reason, state, content, content_hash, upto_seq, created_by)
     SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM report_versions WHERE report_id = $1
     RETURNING id, number`,
    [reportId, label, reason, Buffer.from(Y.encodeStateAsUpdate(doc)), content, hash, uptoSeq, userId],
  );
  const row = rows[0];
  if (!row) throw new Error('inserting a version returned nothing');
  return { id: row.id, number: row.number, contentHash: hash };
}

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  return doc;
}
