import type { ImportLeftOut } from '@review/shared';
import { useEffect, useRef } from 'react';
import { DialogActions } from '../../components/DialogActions';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const LEFT_OUT: Record<ImportLeftOut, MessageKey> = {
  sign_off_page: 'content.import.leftOut.signOffPage',
};

interface ImportedNoticeProps {
  leftOut: ImportLeftOut[];
  onOpen(): void;
  onClose(): void;
}

/**
 * What the import dialog shows in place of its form when the import left part of the file out:
 * the user should know before working on the new report that it is not the whole file.
 */
export function ImportedNotice({ leftOut, onOpen, onClose }: ImportedNoticeProps) {
  const { t } = useI18n();
  const root = useRef<HTMLDivElement>(null);
  // The form that had the focus is gone; the way on is to open the report.
  useEffect(() => root.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus(), []);
  return (
    <div ref={root} className="form imported-notice">
      <div className="notice notice-warning" role="status">
        <div>
          <p className="imported-notice-title">{t('content.import.done')}</p>
          {leftOut.map((part) => (
            <p key={part}>{t(LEFT_OUT[part])}</p>
          ))}
        </div>
      </div>
      <DialogActions
        onCancel={onClose}
        cancelLabel={t('common.close')}
        submitLabel={t('content.import.openReport')}
        onSubmit={onOpen}
        autoFocus="submit"
      />
    </div>
  );
}
