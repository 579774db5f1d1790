import { canComment, createThreadSchema, type MeDto, type ReportDto, type TeamMemberDto, type ThreadDto } from '@review/shared';
import { useEditorState } from '@tiptap/react';
import { type CSSProperties, type FormEvent, useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toast';
import type { CollabSession } from '../../editor/collab-session';
import { anchorRange, type SelectionAnchor, selectedText } from '../../editor/comment-highlights';
import type { EditorContext } from '../../editor/editor-context';
import { shortcut } from '../../editor/shortcuts';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { fieldErrorsFromIssues } from '../../lib/forms';
import { useTeamMembers } from '../teams/teams.api';
import { COMMENT_SHORTCUT, isCommentShortcut } from './comment-shortcut';
import { CommentComposer } from './CommentComposer';
import { useCreateThread } from './comments.api';
import { commentErrorText } from './ThreadCard';
import './comments.css';

interface NewThreadProps {
  report: ReportDto;
  me: MeDto;
  context: EditorContext;
  onCreated(thread: ThreadDto): void;
}

/** The text the user has visibly selected in the editor (the editor's own selection may be a leftover). */
function useVisibleSelection(context: EditorContext): { from: number; to: number } | null {
  const { editor } = context;
  const range = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const s = selectedText(e.state);
      return s ? { from: s.from, to: s.to } : null;
    },
  });
  const [domSelected, setDomSelected] = useState(false);
  useEffect(() => {
    const check = () => {
      const sel = document.getSelection();
      const dom = editor.isDestroyed ? null : editor.view.dom;
      setDomSelected(Boolean(sel && dom && !sel.isCollapsed && dom.contains(sel.anchorNode) && dom.contains(sel.focusNode)));
    };
    check();
    document.addEventListener('selectionchange', check);
    return () => document.removeEventListener('selectionchange', check);
  }, [editor]);
  return domSelected ? range : null;
}

/** Where the button goes: in the paper's right margin beside the selection, or below it on narrow screens. */
function buttonPosition(context: EditorContext, range: { from: number; to: number }): CSSProperties | null {
  const { editor, narrow } = context;
  if (editor.isDestroyed) return null;
  const container = editor.view.dom.closest('.editor-main');
  const paper = editor.view.dom.closest('.paper');
  if (!container || !paper) return null;
  const box = container.getBoundingClientRect();
  try {
    if (narrow) {
      const end = editor.view.coordsAtPos(range.to);
      const left = Math.min(Math.max(end.left - box.left, 56), box.width - 56);
      return { top: end.bottom - box.top + 8, left, transform: 'translateX(-50%)' };
    }
    const start = editor.view.coordsAtPos(range.from);
    return { top: start.top - box.top - 4, left: paper.getBoundingClientRect().right - box.left - 12, transform: 'translateX(-100%)' };
  } catch {
    return null;
  }
}

/** Resolves once the server holds every local change (at most `ms` later: then the server decides). */
function whenSaved(session: CollabSession, ms: number): Promise<void> {
  return Promise.race([session.provider.whenSaved(), new Promise<void>((resolve) => setTimeout(resolve, ms))]);
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
    const place = () => setPosition(buttonPosition(context, range));
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

interface NewThreadDialogProps {
  reportId: string;
  session: CollabSession;
  draft: SelectionAnchor;
  people: readonly TeamMemberDto[];
  onClose(): void;
  onCreated(thread: ThreadDto): void;
}

const SEND_SHORTCUT = shortcut('Mod', 'Enter');

const isAnchorProblem = (err: unknown) =>
  err instanceof ApiError && err.code === 'validation_failed' && err.issues.some((i) => i.path.startsWith('anchor'));

function NewThreadDialog({ reportId, session, draft, people, onClose, onCreated }: NewThreadDialogProps) {
  const { t } = useI18n();
  const create = useCreateThread(reportId);
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'saving' | 'sending'>('idle');

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (phase !== 'idle') return;
    setFormError(null);
    const parsed = createThreadSchema.safeParse({ anchor: draft.anchor, quote: draft.quote, body });
    if (!parsed.success) {
      const errors = fieldErrorsFromIssues(parsed.error.issues, t);
      setBodyError(body.trim() ? errors.body : t('comments.bodyRequired'));
      return;
    }
    setBodyError(undefined);
    // The server only accepts anchors into text it holds: let the latest edits arrive first.
    setPhase('saving');
    await whenSaved(session, 10_000);
    setPhase('sending');
    try {
      let thread: ThreadDto;
      try {
        thread = await create.mutateAsync(parsed.data);
      } catch (err) {
        if (!isAnchorProblem(err)) throw err;
        // Edits may have been on their way: once more, after they are stored.
        setPhase('saving');
        await whenSaved(session, 10_000);
        setPhase('sending');
        thread = await create.mutateAsync(parsed.data);
      }
      onCreated(thread);
    } catch (err) {
      setFormError(isAnchorProblem(err) ? t('comments.new.anchorRejected') : commentErrorText(err, t, 'comments.error.tooManyThreads'));
      setPhase('idle');
    }
  }

  return (
    <Dialog title={t('comments.new.title')} onClose={onClose}>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <figure className="new-thread-quote">
          <figcaption>{t('comments.new.quoteLabel')}</figcaption>
          <blockquote>{draft.quote}</blockquote>
        </figure>
        <Field label={t('comments.new.bodyLabel')} error={bodyError} hint={t('comments.new.hint', { keys: SEND_SHORTCUT.shown })}>
          {(control) => (
            <CommentComposer control={control} value={body} onChange={setBody} people={people} onSubmit={() => void submit()} rows={4} autoFocus />
          )}
        </Field>
        {phase === 'saving' && (
          <p className="loading" role="status">
            {t('comments.new.waiting')}
          </p>
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
          <button type="submit" className="button primary" disabled={phase !== 'idle'}>
            {phase === 'idle' ? t('comments.new.submit') : t('comments.new.sending')}
          </button>
        </div>
      </form>
    </Dialog>
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
