import type { ReportState } from '@review/shared';
import { useI18n } from '../i18n/i18n';
import { stateKey } from '../i18n/messages';

export function StateBadge({ state }: { state: ReportState }) {
  const { t } = useI18n();
  return <span className={`badge state-${state}`}>{t(stateKey(state))}</span>;
}
