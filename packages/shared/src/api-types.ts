/** Shapes of API responses, shared so the web app never hand-copies them. */
import type { ReportState, TeamRole } from './workflow.js';

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  active: boolean;
  createdAt: string;
}

export interface MeDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  teams: { id: string; name: string; role: TeamRole }[];
}

export interface TeamDto {
  id: string;
  name: string;
  createdAt: string;
}

export interface TeamMemberDto {
  userId: string;
  username: string;
  displayName: string;
  role: TeamRole;
}

export interface ReportDto {
  id: string;
  teamId: string;
  title: string;
  state: ReportState;
  revision: number;
  authorId: string;
  reviewerId: string | null;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
  /** Display names, so that lists need no further look-ups. */
  authorName: string;
  reviewerName: string | null;
  teamName: string;
}

export interface ReportContentDto {
  contentHash: string;
  text: string;
  blocks: { type: string; level?: number; text: string }[];
}
