import type { SignatureDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';
import { HashText } from './HashText';

/** The signature of an approved report: who signed, what it means, when, and exactly which content. */
export function SignatureCard({ signature }: { signature: SignatureDto }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="signature-card" aria-labelledby="signature-card-title" data-signature-id={signature.id}>
      <span className="signature-seal" aria-hidden="true">
        {t('signature.seal')}
      </span>
      <div className="signature-body">
        <h2 id="signature-card-title" className="signature-title">
          {t('signature.title', { name: signature.signerName })}
        </h2>
        <dl className="signature-facts">
          <div>
            <dt>{t('signature.signer')}</dt>
            <dd className="signature-signer">{signature.signerName}</dd>
          </div>
          <div>
            <dt>{t('signature.meaning')}</dt>
            <dd className="signature-meaning">{t('signature.meaning.approved')}</dd>
          </div>
          <div>
            <dt>{t('signature.signedAt')}</dt>
            <dd>
              <time dateTime={signature.signedAt}>{formatDate(signature.signedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('signature.version')}</dt>
            <dd>{t('history.versionNumber', { number: signature.versionNumber })}</dd>
          </div>
          <div className="signature-hash">
            <dt>{t('signature.hash')}</dt>
            <dd>
              <HashText hash={signature.contentHash} />
            </dd>
          </div>
        </dl>
      </div>
    </section>
  );
}
