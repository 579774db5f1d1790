import type { ReportState } from '@review/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('reports')
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'reviewer_id', type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'text', default: 'draft' })
  state: ReportState;

  /** Bumped by every workflow transition and metadata change; clients send it back as expectedRevision. */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  /** Why the latest submission went ahead although the checks failed; null when they passed. */
  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  /** How many problems that submission overrode; null when the checks passed. */
  @Column({ name: 'overridden_problems', type: 'integer', nullable: true })
  overriddenProblems: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
