import type { VersionDto } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import { REASON_LABEL } from './workflow-model';

/** "Version 3 (Submitted)", or with the label it was saved under. */
export function versionName(v: VersionDto, t: Translate): string {
  return v.label
    ? t('history.versionLabelled', { number: v.number, label: v.label })
    : t('history.versionReason', { number: v.number, reason: t(REASON_LABEL[v.reason]) });
}
