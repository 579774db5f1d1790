import { useI18n } from '../i18n/i18n';
import type { ReportEditorProps } from './editor-context';
import { EditorSurface } from './EditorSurface';
import { useCollabSession } from './use-collab-session';
import './editor.css';

/** The live co-editing surface of a report, bound to its Yjs document on /collab. */
export function ReportEditor(props: ReportEditorProps) {
  const { t } = useI18n();
  const session = useCollabSession(props.report.id, props.me.id);
  if (!session) return <p className="loading">{t('editor.loading')}</p>;
  return <EditorSurface key={session.serial} session={session} {...props} />;
}
