import type { SignatureDto } from '@review/shared';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { HashText } from './HashText';
import { useSignatures } from './workflow.api';

/** Every signature the report had, valid or superseded by a reopening, with version and hash. */
export function SignatureHistory({ reportId }: { reportId: string }) {
  const { t, formatDate } = useI18n();
  const signatures = useSignatures(reportId);
  const list: SignatureDto[] = signatures.data ?? [];
  if (signatures.error) {
    return <QueryStatus isPending={false} error={signatures.error} onRetry={() => void signatures.refetch()} />;
  }
  if (list.length === 0) return null;
  return (
    <>
      <h3 className="panel-subtitle">{t('history.signatures')}</h3>
      <ol className="signature-list">
        {list.map((s) => (
          <li key={s.id} className={s.superseded ? 'signature-item superseded' : 'signature-item'} data-superseded={s.superseded}>
            <p className="signature-item-head">
              <span>{t('history.signedBy', { name: s.signerName, meaning: t('signature.meaning.approved') })}</span>
              <span className={s.superseded ? 'tag tag-superseded' : 'tag tag-valid'}>
                {t(s.superseded ? 'signature.superseded' : 'signature.valid')}
              </span>
            </p>
            <p className="version-meta">
              {formatDate(s.signedAt)} · {t('history.versionNumber', { number: s.versionNumber })}
            </p>
            {s.superseded && s.supersededAt && (
              <p className="version-meta">{t('signature.supersededAt', { time: formatDate(s.supersededAt) })}</p>
            )}
            <p className="version-meta">
              <HashText hash={s.contentHash} />
            </p>
            {s.anchor && (
              <p className="version-meta signature-anchor" title={t('signature.anchorHint', { signature: s.anchor.signature })}>
                {t('signature.anchor', { events: s.anchor.events, key: s.anchor.keyId })}
              </p>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
