import type { TeamMemberDto } from '@review/shared';
import { useState } from 'react';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { useTeamMembers } from '../teams/teams.api';

/** The select's value for "no reviewer for now". */
export const NO_REVIEWER = '';

/** The team's supervisors who may review a report, and which of them is chosen. */
export interface ReviewerChoice {
  /** Never the report's author. */
  supervisors: TeamMemberDto[];
  isPending: boolean;
  /** The team is loaded and has no supervisor other than the author. */
  noneLeft: boolean;
  /** The user's pick; until then `current` while it is one of the supervisors, else the first; NO_REVIEWER when there is none. */
  reviewerId: string;
  choose(userId: string): void;
  /** Forgets the user's pick, as when another team is chosen. */
  reset(): void;
}

export function useReviewerChoice(teamId: string, authorId: string, current: string | null = null): ReviewerChoice {
  const members = useTeamMembers(teamId || undefined);
  const supervisors = (members.data ?? []).filter((m) => m.role === 'supervisor' && m.userId !== authorId);
  const [chosen, setChosen] = useState<string | null>(null);
  const preset = supervisors.some((s) => s.userId === current) ? current : supervisors[0]?.userId;
  return {
    supervisors,
    isPending: members.isPending,
    noneLeft: members.data !== undefined && supervisors.length === 0,
    reviewerId: chosen ?? preset ?? NO_REVIEWER,
    choose: setChosen,
    reset: () => setChosen(null),
  };
}

interface ReviewerFieldProps {
  choice: ReviewerChoice;
  error?: string;
  /** A new report may go without a reviewer for now; naming one later must pick a supervisor. */
  optional?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}

/** The reviewer select of the new-report, import and reviewer dialogs. */
export function ReviewerField({ choice, error, optional = false, disabled = false, autoFocus = false }: ReviewerFieldProps) {
  const { t } = useI18n();
  const { supervisors, isPending, noneLeft } = choice;
  let hint: string | undefined;
  if (isPending) hint = t('common.loading');
  else if (optional) hint = supervisors.length === 0 ? t('reports.new.noSupervisors') : t('reports.new.reviewerHint');
  else if (noneLeft) hint = t('reviewer.none');
  return (
    <Field label={optional ? t('reports.new.reviewerLabel') : t('reviewer.label')} error={error} hint={hint}>
      {(control) => (
        <select
          {...control}
          name="reviewerId"
          value={choice.reviewerId}
          onChange={(e) => choice.choose(e.target.value)}
          disabled={isPending || disabled || (!optional && noneLeft)}
          data-autofocus={autoFocus || undefined}
        >
          {supervisors.map((s) => (
            <option key={s.userId} value={s.userId}>
              {t('people.nameWithUsername', { name: s.displayName, username: s.username })}
            </option>
          ))}
          {optional && <option value={NO_REVIEWER}>{t('reports.new.noReviewer')}</option>}
        </select>
      )}
    </Field>
  );
}
