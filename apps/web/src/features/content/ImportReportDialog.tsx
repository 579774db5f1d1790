import { importReportSchema, LIMITS, type ReportDto } from '@review/shared';
import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useSignedInUser } from '../auth/session';
import { NO_REVIEWER, ReviewerField, useReviewerChoice } from '../reports/ReviewerField';
import { type UploadProgress, useImportReport } from './content.api';
import {
  fileProblemBeforeUpload,
  fileProblemFromServer,
  fileProblemText,
  formatFileSize,
  IMPORT_ACCEPT,
} from './import-file';
import './content.css';

interface ImportReportDialogProps {
  onClose(): void;
  onImported(report: ReportDto): void;
}

/**
 * POST /reports/import from a dialog: a file (picked or dropped anywhere on the dialog), the
 * team, an optional title (the document's own otherwise) and reviewer. What is wrong with the
 * file is said next to it, in words a user understands; nothing is created then.
 */
export function ImportReportDialog({ onClose, onImported }: ImportReportDialogProps) {
  const { t, locale } = useI18n();
  const me = useSignedInUser();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [teamId, setTeamId] = useState(me.teams[0]?.id ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const fileId = useId();
  const fileHintId = `${fileId}-hint`;
  const fileErrorId = `${fileId}-error`;

  const upload = useImportReport(setProgress);
  const busy = upload.isPending;
  const reviewer = useReviewerChoice(teamId, me.id);

  // Closing the dialog mid-upload stops the upload.
  useEffect(() => () => abort.current?.abort(), []);

  if (me.teams.length === 0) {
    return (
      <Dialog title={t('content.import.title')} onClose={onClose} size="small">
        <p>{t('reports.new.noTeams')}</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    );
  }

  function pick(next: File | null) {
    if (busy) return;
    setFile(next);
    setFormError(null);
    const problem = next ? fileProblemBeforeUpload(next) : null;
    setErrors((prev) => ({ ...prev, file: problem ? fileProblemText(problem, t, locale) : undefined }));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const fields = importReportSchema.safeParse({
      teamId,
      title,
      reviewerId: reviewer.reviewerId === NO_REVIEWER ? undefined : reviewer.reviewerId,
    });
    const next: FieldErrors = fields.success
      ? {}
      : fieldErrorsFromIssues(fields.error.issues, t, { teamId: 'reports.new.teamRequired' });
    const problem = fileProblemBeforeUpload(file);
    if (problem) next.file = fileProblemText(problem, t, locale);
    setErrors(next);
    if (!fields.success || !file || problem) {
      if (problem) fileInput.current?.focus();
      return;
    }

    abort.current = new AbortController();
    setProgress({ fraction: 0, done: false });
    try {
      const report = await upload.mutateAsync({ input: { file, ...fields.data }, signal: abort.current.signal });
      onImported(report);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      const fileProblem = fileProblemFromServer(err);
      const apiFields = fieldErrorsFromApi(err, t, {
        reviewerId: 'reports.new.reviewerRejected',
        teamId: 'reports.new.teamRejected',
      });
      if (fileProblem) {
        setErrors({ ...apiFields, file: fileProblemText(fileProblem, t, locale) });
        fileInput.current?.focus();
      } else if (Object.keys(apiFields).length > 0) setErrors(apiFields);
      else if (err instanceof ApiError && err.code === 'not_found') setErrors({ teamId: t('reports.new.teamRejected') });
      else setFormError(generalError(err, t));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  // Files dragged from the desktop may be dropped anywhere on the dialog.
  const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const dragProps = {
    onDragEnter: (e: DragEvent) => {
      if (!carriesFiles(e) || busy) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!carriesFiles(e) || busy) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      // Only when the pointer leaves the form, not when it moves between its children.
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      pick(e.dataTransfer.files[0] ?? null);
    },
  };

  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  const fileError = errors.file;

  return (
    <Dialog title={t('content.import.title')} description={t('content.import.description')} onClose={onClose}>
      <form
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        className={dragging ? 'form import-form is-dragging' : 'form import-form'}
        aria-busy={busy}
        {...dragProps}
      >
        <div className={fileError ? 'field has-error' : 'field'}>
          <label htmlFor={fileId}>{t('content.import.fileLabel')}</label>
          <div className={file && !fileError ? 'drop-zone has-file' : 'drop-zone'} data-testid="import-drop-zone">
            {/* The native input keeps the focus and the keyboard (Enter or Space opens the chooser); only its look is replaced. */}
            <input
              ref={fileInput}
              id={fileId}
              className="visually-hidden file-input"
              type="file"
              name="file"
              accept={IMPORT_ACCEPT}
              disabled={busy}
              aria-invalid={Boolean(fileError)}
              aria-describedby={fileError ? fileErrorId : fileHintId}
              onChange={(e) => pick(e.target.files?.[0] ?? null)}
              data-autofocus
            />
            {/* A second label of the input, dressed as a button: clicking it opens the file chooser. */}
            <label htmlFor={fileId} className={busy ? 'button is-disabled' : 'button'}>
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
          {fileError ? (
            <p id={fileErrorId} className="field-error" role="alert">
              {fileError}
            </p>
          ) : (
            <p id={fileHintId} className="field-hint">
              {t('content.import.fileHint', { limit: formatFileSize(LIMITS.importFileBytes, t, locale) })}
            </p>
          )}
        </div>

        <Field label={t('content.import.titleLabel')} error={errors.title}>
          {(control) => (
            <input
              {...control}
              name="title"
              value={title}
              placeholder={t('content.import.titlePlaceholder')}
              onChange={(e) => setTitle(e.target.value)}
              disabled={busy}
              autoComplete="off"
            />
          )}
        </Field>
        <Field label={t('reports.new.teamLabel')} error={errors.teamId}>
          {(control) => (
            <select
              {...control}
              name="teamId"
              value={teamId}
              disabled={busy}
              onChange={(e) => {
                setTeamId(e.target.value);
                reviewer.reset();
              }}
            >
              {me.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ReviewerField choice={reviewer} error={errors.reviewerId} optional disabled={busy} />

        {progress && (
          <div className="upload-progress" role="status">
            <progress max={100} value={progress.done ? undefined : percent} aria-label={t('content.import.progress')} />
            <span>{progress.done ? t('content.import.reading') : `${t('content.import.uploading')} ${percent}%`}</span>
          </div>
        )}
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('content.import.uploading') : t('content.import.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
