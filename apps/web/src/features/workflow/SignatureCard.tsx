import type { SignatureDto } from '@review/shared';
import type { ReactNode, Ref } from 'react';
import { useI18n } from '../../i18n/i18n';
import { HashText } from './HashText';

interface SignatureCardProps {
  signature: SignatureDto;
  /** What may still be done (重新打开), beside the facts. */
  actions?: ReactNode;
  ref?: Ref<HTMLElement>;
}

/**
 * The signature of an approved report: who signed, what it means, when, and exactly which content.
 * It is the approved report's state bar too, so that the page says "approved" once, compactly.
 */
export function SignatureCard({ signature, actions, ref }: SignatureCardProps) {
  const { t, formatDate } = useI18n();
  return (
    <section
      ref={ref}
      className="signature-card state-bar state-bar-approved"
      aria-labelledby="signature-card-title"
      data-signature-id={signature.id}
      data-state="approved"
      tabIndex={-1}
    >
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
      {actions}
    </section>
  );
}
