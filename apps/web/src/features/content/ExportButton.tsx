import type { MouseEvent } from 'react';
import { useToast } from '../../components/Toast';
import type { Translate } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';
import { exportDocxPath, useExportReport } from './content.api';
import './content.css';

interface ExportButtonProps {
  reportId: string;
  /** The report's title: the file's name until the server names it (it does, from the same title). */
  title: string;
  /** `button small`, `button quiet` … */
  className?: string;
}

/** The title as a file name, as the server makes it (apps/api content/report-export.service.ts). */
export function docxFileName(title: string): string {
  return `${title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').trim() || 'report'}.docx`;
}

function exportErrorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError && err.code === 'not_found') return t('content.export.notFound');
  if (err instanceof ApiError && err.status >= 500) return t('content.export.failed');
  return generalError(err, t);
}

function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next turn; keeping the URL would keep the bytes.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Downloads the report as an official-format .docx (GET /reports/:id/export.docx). A real link
 * to the file (so "open in new tab" and "copy link" work), but a click fetches it, so the button
 * shows that it is busy and a refusal (404, 500) becomes a message rather than a broken download.
 *
 * Wiring: in the report page's header or state bar, `<ExportButton reportId={report.id} title={report.title} />`.
 * Every team member may export, in every state.
 */
export function ExportButton({ reportId, title, className = 'button' }: ExportButtonProps) {
  const { t } = useI18n();
  const toast = useToast();
  const exporting = useExportReport();
  const busy = exporting.isPending;

  async function onClick(e: MouseEvent<HTMLAnchorElement>) {
    // Modified clicks (new tab, save link) stay the browser's.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (busy) return;
    try {
      const { blob, fileName } = await exporting.mutateAsync(reportId);
      saveFile(blob, fileName ?? docxFileName(title));
      toast.show(t('content.export.done', { title }));
    } catch (err) {
      toast.show(exportErrorText(err, t));
    }
  }

  return (
    <a
      href={exportDocxPath(reportId)}
      download={docxFileName(title)}
      className={`${className} export-button`}
      title={t('content.export.hint')}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={(e) => void onClick(e)}
      data-export
    >
      <span aria-hidden="true" className="export-icon">
        ↓
      </span>
      {busy ? t('content.export.busy') : t('content.export.button')}
    </a>
  );
}
