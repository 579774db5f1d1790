import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { shortHash } from './workflow-model';

/** A content hash, shortened, with the whole value one click (or key press) away. */
export function HashText({ hash }: { hash: string }) {
  const { t } = useI18n();
  const [full, setFull] = useState(false);
  return (
    <span className="hash" data-hash={hash}>
      <code className={full ? 'hash-value hash-full' : 'hash-value'} title={hash}>
        {full ? hash : shortHash(hash)}
      </code>
      {hash.length > 20 && (
        <button type="button" className="link-button" aria-expanded={full} onClick={() => setFull((f) => !f)}>
          {t(full ? 'hash.less' : 'hash.more')}
        </button>
      )}
    </span>
  );
}
