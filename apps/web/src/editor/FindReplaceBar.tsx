import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { findStatus, goToMatch, replaceAll, replaceCurrent, setFindQuery } from './find-replace';
import { goToProblem, problemStatus } from './next-problem';
import { shortcut } from './shortcuts';
import { ChevronIcon, CloseIcon, SearchIcon } from './toolbar-icons';
import { ToolButton } from './ToolButton';
import { type FindBar, REPLACE_KEYS } from './use-find-bar';
import './find-replace.css';

interface FindReplaceBarProps {
  editor: Editor;
  /** Replacing is offered only to those who may edit; everyone can find. */
  editable: boolean;
  bar: FindBar;
}

/** Opens the find bar (Ctrl+F) and closes it; for everyone, those who may only read included. */
export function FindButton({ bar }: { bar: FindBar }) {
  const { t } = useI18n();
  return (
    <ToolButton
      ref={bar.opener}
      label={t('find.open')}
      keys={shortcut('Mod', 'F')}
      active={bar.open !== null}
      disabled={false}
      onRun={() => (bar.open ? bar.close() : bar.show(false))}
    >
      <SearchIcon />
    </ToolButton>
  );
}

/**
 * The find bar, a row of the editor's sticky bar: the search with its count (3/12) and the way
 * from match to match, the replace row for those who may edit, and the way from one failed check
 * to the next. Enter and Shift+Enter go to the next and previous match, Escape closes.
 */
export function FindReplaceBar({ editor, editable, bar }: FindReplaceBarProps) {
  const { t } = useI18n();
  const findField = useRef<HTMLInputElement>(null);
  /** How many the last “replace all” replaced, shown until the search or the replacement changes. */
  const [replaced, setReplaced] = useState<number | null>(null);
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ ...findStatus(e.state), problems: problemStatus(e.state) }),
  });
  const replacing = editable && Boolean(bar.open?.replace);

  useEffect(() => {
    setFindQuery(editor, bar.query);
  }, [editor, bar.query]);
  // Closed (or the text replaced by a version): no marks left behind.
  useEffect(() => () => setFindQuery(editor, ''), [editor]);

  useEffect(() => {
    findField.current?.focus();
    findField.current?.select();
  }, [bar.focusRequest]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    bar.close();
  };
  const onFindKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    goToMatch(editor, e.shiftKey ? -1 : 1);
  };
  const onReplaceKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    replaceCurrent(editor, bar.replacement);
  };
  // The replace buttons are disabled once nothing is left to replace: the focus goes back to the search.
  const replaceOne = () => {
    replaceCurrent(editor, bar.replacement);
    if (findStatus(editor.state).count === 0) findField.current?.focus();
  };
  const replaceEvery = () => {
    setReplaced(replaceAll(editor, bar.replacement));
    findField.current?.focus();
  };

  const none = bar.query !== '' && s.count === 0;
  const tip = (label: string, keys: string[]) => t('editor.shortcut', { label, keys: shortcut(...keys).shown });

  return (
    <div className="find-bar" role="search" aria-label={t('find.bar')} onKeyDown={onKeyDown}>
      <div className="find-row">
        {editable && (
          <button
            type="button"
            className="tool find-toggle"
            aria-label={replacing ? t('find.hideReplace') : t('find.showReplace')}
            title={tip(replacing ? t('find.hideReplace') : t('find.showReplace'), REPLACE_KEYS)}
            aria-expanded={replacing}
            onClick={bar.toggleReplace}
          >
            <ChevronIcon direction={replacing ? 'down' : 'right'} />
          </button>
        )}
        <input
          ref={findField}
          className="find-input"
          type="text"
          value={bar.query}
          onChange={(e) => {
            bar.setQuery(e.target.value);
            setReplaced(null);
          }}
          onKeyDown={onFindKey}
          aria-label={t('find.query')}
          placeholder={t('find.query')}
          aria-invalid={none}
          spellCheck={false}
          autoComplete="off"
        />
        <span className={none ? 'find-count is-none' : 'find-count'} role="status" data-count={s.count} data-current={s.current}>
          {bar.query !== '' && (none ? t('find.none') : <FindPosition current={s.current} count={s.count} label={t('find.position', { current: s.current, count: s.count })} />)}
        </span>
        <button
          type="button"
          className="tool"
          aria-label={t('find.previous')}
          title={tip(t('find.previous'), ['Shift', 'Enter'])}
          disabled={s.count === 0}
          onClick={() => goToMatch(editor, -1)}
        >
          <ChevronIcon direction="up" />
        </button>
        <button
          type="button"
          className="tool"
          aria-label={t('find.next')}
          title={tip(t('find.next'), ['Enter'])}
          disabled={s.count === 0}
          onClick={() => goToMatch(editor, 1)}
        >
          <ChevronIcon direction="down" />
        </button>
        <span className="find-gap" />
        <button
          type="button"
          className="button small quiet find-problem"
          title={tip(t('find.nextProblem'), ['F8'])}
          aria-keyshortcuts="F8"
          disabled={s.problems.count === 0}
          onClick={() => goToProblem(editor, 1)}
        >
          {t('find.nextProblem')}
          <span className="find-problem-count" data-count={s.problems.count} data-current={s.problems.current}>
            {s.problems.current ? (
              <FindPosition {...s.problems} label={t('find.problemPosition', s.problems)} />
            ) : (
              s.problems.count
            )}
          </span>
        </button>
        <button type="button" className="tool" aria-label={t('find.close')} title={tip(t('find.close'), ['Esc'])} onClick={bar.close}>
          <CloseIcon />
        </button>
      </div>
      {replacing && (
        <div className="find-row">
          <span className="find-toggle-space" />
          {/* Opened with the toggle, this field takes the focus; opened with Ctrl+H, the search field takes it back (focusRequest). */}
          <input
            autoFocus
            className="find-input"
            type="text"
            value={bar.replacement}
            onChange={(e) => {
              bar.setReplacement(e.target.value);
              setReplaced(null);
            }}
            onKeyDown={onReplaceKey}
            aria-label={t('find.replacement')}
            placeholder={t('find.replacement')}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="button small" disabled={s.count === 0} onClick={replaceOne}>
            {t('find.replace')}
          </button>
          <button type="button" className="button small" disabled={s.count === 0} onClick={replaceEvery}>
            {t('find.replaceAll')}
          </button>
          <span className="find-replaced" role="status">
            {replaced !== null && t(replaced === 1 ? 'find.replacedOne' : 'find.replaced', { count: replaced })}
          </span>
        </div>
      )}
    </div>
  );
}

/** “3/12”, read out as words. */
function FindPosition({ current, count, label }: { current: number; count: number; label: string }) {
  return (
    <>
      <span aria-hidden="true">{`${current}/${count}`}</span>
      <span className="visually-hidden">{label}</span>
    </>
  );
}
