import { canComment, type MeDto, type ReportDto, type ThreadDto } from '@review/shared';
import { type CSSProperties, useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useToast } from '../../components/Toast';
import { anchorRange, type SelectionAnchor, selectedText } from '../../editor/comment-highlights';
import type { EditorContext } from '../../editor/editor-context';
import { useI18n } from '../../i18n/i18n';
import { useTeamMembers } from '../teams/teams.api';
import { commentButtonPosition } from './comment-button-position';
import { COMMENT_SHORTCUT, isCommentShortcut } from './comment-shortcut';
import { NewThreadDialog } from './NewThreadDialog';
import { useVisibleSelection } from './use-visible-selection';
import './comments.css';

interface NewThreadProps {
  report: ReportDto;
  me: MeDto;
  context: EditorContext;
  onCreated(thread: ThreadDto): void;
}

/**
 * Commenting on a passage: a button beside the selected text (and Ctrl+Alt+M) opens a small form
 * with the quote; the anchors are made at that moment, so that edits meanwhile move them.
 */
export function NewThread({ report, me, context, onCreated }: NewThreadProps) {
  const { t } = useI18n();
  const toast = useToast();
  const { editor } = context;
  const mayComment = canComment(context.access);
  const range = useVisibleSelection(context);
  const [draft, setDraft] = useState<(SelectionAnchor & { to: number }) | null>(null);
  const [position, setPosition] = useState<CSSProperties | null>(null);

  useLayoutEffect(() => {
    if (!range) return setPosition(null);
    const place = () => setPosition(commentButtonPosition(context, range));
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [range, context]);

  const start = useCallback(() => {
    const s = selectedText(editor.state);
    const anchored = s && anchorRange(editor.state, s.from, s.to);
    if (!s || !anchored) {
      toast.show(t('comments.selectFirst'));
      return;
    }
    setDraft({ ...anchored, to: s.to });
  }, [editor, toast, t]);

  useEffect(() => {
    if (!mayComment) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isCommentShortcut(e) || draft) return;
      e.preventDefault();
      start();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [mayComment, start, draft]);

  const members = useTeamMembers(report.teamId);
  const people = useMemo(() => (members.data ?? []).filter((m) => m.userId !== me.id), [members.data, me.id]);

  const created = (thread: ThreadDto) => {
    setDraft(null);
    // The selection did its job; leaving it would offer the button again.
    const sel = document.getSelection();
    if (sel && editor.view.dom.contains(sel.anchorNode)) sel.removeAllRanges();
    if (draft && !editor.isDestroyed) editor.commands.setTextSelection(Math.min(draft.to, editor.state.doc.content.size));
    onCreated(thread);
  };

  return (
    <>
      {mayComment && range && position && !draft && (
        <button
          type="button"
          className="comment-button"
          style={position}
          title={t('editor.shortcut', { label: t('comments.addLabel'), keys: COMMENT_SHORTCUT.shown })}
          aria-label={t('comments.addLabel')}
          aria-keyshortcuts={COMMENT_SHORTCUT.aria}
          // Keep the selection: it is what the comment is about.
          onMouseDown={(e) => e.preventDefault()}
          onClick={start}
        >
          <CommentIcon />
          <span>{t('comments.add')}</span>
        </button>
      )}
      {draft && (
        <NewThreadDialog
          reportId={report.id}
          session={context.session}
          draft={draft}
          people={people}
          onClose={() => {
            setDraft(null);
            // Back to the text with the selection as it was.
            if (context.editable && !editor.isDestroyed) editor.commands.focus();
          }}
          onCreated={created}
        />
      )}
    </>
  );
}

function CommentIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M2.5 3.5a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H7l-3 2.5V11H3.5a1 1 0 0 1-1-1z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </svg>
  );
}
