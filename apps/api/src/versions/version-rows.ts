import { canonicalContent, contentHash, type VersionDto, type VersionReason } from '@review/shared';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';

export interface VersionRow {
  id: string;
  number: number;
  label: string | null;
  reason: VersionReason;
  content_hash: string;
  created_by: string;
  created_by_name: string;
  created_at: Date;
}

export const toVersionDto = (r: VersionRow): VersionDto => ({
  id: r.id,
  number: r.number,
  label: r.label,
  reason: r.reason,
  contentHash: r.content_hash,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at.toISOString(),
});

/**
 * Stores a version of `doc` (the document as committed, read under the report's row lock):
 * full Yjs state, canonical content and its hash, numbered 1, 2, 3 … per report. Answers the
 * stored row as the version list shows it, so that nobody has to read it back.
 */
export async function insertVersion(
  tx: EntityManager,
  reportId: string,
  userId: string,
  doc: Y.Doc,
  uptoSeq: number,
  reason: VersionReason,
  label: string | null,
  title: string,
): Promise<VersionDto> {
  const content = canonicalContent(doc);
  const hash = await contentHash(doc);
  const rows: VersionRow[] = await tx.query(
    `WITH v AS (
       INSERT INTO report_versions (report_id, number, label, reason, state, content, content_hash, upto_seq, created_by, title)
       SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM report_versions WHERE report_id = $1
       RETURNING id, number, label, reason, content_hash, created_by, created_at
     )
     SELECT v.id, v.number, v.label, v.reason, v.content_hash, v.created_by, u.display_name AS created_by_name, v.created_at
       FROM v JOIN users u ON u.id = v.created_by`,
    [reportId, label, reason, Buffer.from(Y.encodeStateAsUpdate(doc)), content, hash, uptoSeq, userId, title],
  );
  const row = rows[0];
  if (!row) throw new Error('inserting a version returned nothing');
  return toVersionDto(row);
}

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  return doc;
}
