import { LIMITS } from '@review/shared';
import { type Ref, useId } from 'react';
import { useI18n } from '../../i18n/i18n';
import { formatFileSize, IMPORT_ACCEPT } from './import-file';

interface FileDropFieldProps {
  file: File | null;
  error?: string;
  /** An upload is on its way: the choice is locked. */
  busy: boolean;
  /** A file is being dragged over the form. */
  dragging: boolean;
  onPick(file: File | null): void;
  inputRef: Ref<HTMLInputElement>;
}

/** The file of an import: a native file input dressed as a drop zone, with the chosen file or the limits. */
export function FileDropField({ file, error, busy, dragging, onPick, inputRef }: FileDropFieldProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{t('content.import.fileLabel')}</label>
      <div className={file && !error ? 'drop-zone has-file' : 'drop-zone'} data-testid="import-drop-zone">
        {/* The native input keeps the focus and the keyboard (Enter or Space opens the chooser); only its look is replaced. */}
        <input
          ref={inputRef}
          id={id}
          className="visually-hidden file-input"
          type="file"
          name="file"
          accept={IMPORT_ACCEPT}
          disabled={busy}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : hintId}
          onChange={(e) => onPick(e.target.files?.[0] ?? null)}
          data-autofocus
        />
        {/* A second label of the input, dressed as a button: clicking it opens the file chooser. */}
        <label htmlFor={id} className={busy ? 'button is-disabled' : 'button'}>
          {file ? t('content.import.change') : t('content.import.choose')}
        </label>
        {file ? (
          <span className="chosen-file">
            <span className="chosen-file-name">{file.name}</span>
            <span className="chosen-file-size">{formatFileSize(file.size, t, locale)}</span>
          </span>
        ) : (
          <span className="drop-hint">{dragging ? t('content.import.dropHere') : t('content.import.drop')}</span>
        )}
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id={hintId} className="field-hint">
          {t('content.import.fileHint', { limit: formatFileSize(LIMITS.importFileBytes, t, locale) })}
        </p>
      )}
    </div>
  );
}
