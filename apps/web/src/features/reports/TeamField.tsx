import type { MeDto } from '@review/shared';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';

interface TeamFieldProps {
  teams: MeDto['teams'];
  value: string;
  /** Another team: the reviewer has to be chosen again from its supervisors. */
  onChange(teamId: string): void;
  error?: string;
  disabled?: boolean;
}

/** The team a new or imported report belongs to, from the user's teams. */
export function TeamField({ teams, value, onChange, error, disabled }: TeamFieldProps) {
  const { t } = useI18n();
  return (
    <Field label={t('reports.new.teamLabel')} error={error}>
      {(control) => (
        <select {...control} name="teamId" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
