import { type ImportedReportDto, importReportSchema, type ReportDto } from '@review/shared';
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { generalError, isNotFound } from '../../lib/forms';
import { useZodForm } from '../../lib/use-zod-form';
import { useSignedInUser } from '../auth/session';
import { NoTeamsDialog } from '../reports/NoTeamsDialog';
import { NO_REVIEWER, ReviewerField, useReviewerChoice } from '../reports/ReviewerField';
import { TeamField } from '../reports/TeamField';
import { type UploadProgress, useImportReport } from './content.api';
import { FileDropField } from './FileDropField';
import { fileProblemBeforeUpload, fileProblemFromServer, fileProblemText } from './import-file';
import { ImportedNotice } from './ImportedNotice';
import { UploadStatus } from './UploadStatus';
import { useFileDrop } from './use-file-drop';
import './content.css';

interface ImportReportDialogProps {
  onClose(): void;
  onImported(report: ReportDto): void;
}

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/**
 * POST /reports/import from a dialog: a file (picked or dropped anywhere on the dialog), the
 * team, an optional title (the document's own otherwise) and reviewer. What is wrong with the
 * file is said next to it, in words a user understands; nothing is created then. An import that
 * left part of the file out (the sign-off page of an exported approved report) says so before
 * the report opens.
 */
export function ImportReportDialog({ onClose, onImported }: ImportReportDialogProps) {
  const { t, locale } = useI18n();
  const me = useSignedInUser();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [imported, setImported] = useState<ImportedReportDto | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const upload = useImportReport(setProgress);

  const form = useZodForm({
    schema: importReportSchema,
    initial: { file: null as File | null, title: '', teamId: me.teams[0]?.id ?? '' },
    toInput: ({ teamId, title }) => ({
      teamId,
      title,
      reviewerId: reviewer.reviewerId === NO_REVIEWER ? undefined : reviewer.reviewerId,
    }),
    messages: { teamId: 'reports.new.teamRequired' },
    check: ({ file }) => {
      const problem = fileProblemBeforeUpload(file);
      return problem ? { file: fileProblemText(problem, t, locale) } : {};
    },
    onInvalid: (errors) => {
      if (errors.file) fileInput.current?.focus();
    },
    submit: async (fields, { file }) => {
      if (!file) return;
      abort.current = new AbortController();
      setProgress({ fraction: 0, done: false });
      try {
        const report = await upload.mutateAsync({ input: { file, ...fields }, signal: abort.current.signal });
        if (report.leftOut.length > 0) setImported(report);
        else onImported(report);
      } finally {
        setProgress(null);
        abort.current = null;
      }
    },
    serverMessages: { reviewerId: 'reports.new.reviewerRejected', teamId: 'reports.new.teamRejected' },
    onFailure: (err) => {
      if (fileProblemFromServer(err)) fileInput.current?.focus();
    },
    failureFields: (err, standard) => {
      if (isAbort(err)) return {};
      const fileProblem = fileProblemFromServer(err);
      if (fileProblem) return { ...standard, file: fileProblemText(fileProblem, t, locale) };
      if (Object.keys(standard).length === 0 && isNotFound(err)) return { teamId: t('reports.new.teamRejected') };
      return standard;
    },
    // Closing the dialog stops the upload: nothing to say then.
    failureMessage: (err, fieldsShown) => (fieldsShown || isAbort(err) ? null : generalError(err, t)),
  });
  const { file, title, teamId } = form.values;
  const busy = form.submitting;
  const reviewer = useReviewerChoice(teamId, me.id);

  function pick(next: File | null) {
    if (busy) return;
    form.set('file', next);
    form.clearFailure();
    const problem = next ? fileProblemBeforeUpload(next) : null;
    form.setFieldError('file', problem ? fileProblemText(problem, t, locale) : undefined);
  }
  const { dragging, dragProps } = useFileDrop({ disabled: busy, onFile: pick });

  // Closing the dialog mid-upload stops the upload.
  useEffect(() => () => abort.current?.abort(), []);

  if (me.teams.length === 0) return <NoTeamsDialog title={t('content.import.title')} onClose={onClose} />;
  // The open <dialog> stays (the same component in the same place): the notice takes the form's place.
  if (imported) {
    return (
      <Dialog title={t('content.import.title')} description={t('content.import.description')} onClose={onClose}>
        <ImportedNotice leftOut={imported.leftOut} onOpen={() => onImported(imported)} onClose={onClose} />
      </Dialog>
    );
  }

  return (
    <Dialog title={t('content.import.title')} description={t('content.import.description')} onClose={onClose}>
      <form
        onSubmit={form.onSubmit}
        noValidate
        className={dragging ? 'form import-form is-dragging' : 'form import-form'}
        aria-busy={busy}
        {...dragProps}
      >
        <FileDropField
          file={file}
          error={form.errors.file}
          busy={busy}
          dragging={dragging}
          onPick={pick}
          inputRef={fileInput}
        />
        <Field label={t('content.import.titleLabel')} error={form.errors.title}>
          {(control) => (
            <input
              {...control}
              name="title"
              value={title}
              placeholder={t('content.import.titlePlaceholder')}
              onChange={(e) => form.set('title', e.target.value)}
              disabled={busy}
              autoComplete="off"
            />
          )}
        </Field>
        <TeamField
          teams={me.teams}
          value={teamId}
          error={form.errors.teamId}
          disabled={busy}
          onChange={(next) => {
            form.set('teamId', next);
            reviewer.reset();
          }}
        />
        <ReviewerField choice={reviewer} error={form.errors.reviewerId} optional disabled={busy} />
        {progress && <UploadStatus progress={progress} />}
        <FormError message={form.formError} />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('content.import.submit')}
          pending={busy}
          pendingLabel={t('content.import.uploading')}
        />
      </form>
    </Dialog>
  );
}
