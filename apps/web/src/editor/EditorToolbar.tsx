import type { ChainedCommands, Editor } from '@tiptap/core';
import { HEADING_LEVELS } from '@review/shared';
import { useEditorState } from '@tiptap/react';
import { type KeyboardEvent, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { shortcut } from './shortcuts';
import { BulletIcon, NumberedIcon, UndoIcon } from './toolbar-icons';
import { ToolButton } from './ToolButton';

/** Formatting buttons; besides Tab, the arrow keys move between them. */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const bar = useRef<HTMLDivElement>(null);
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      editable: e.isEditable,
      paragraph: e.isActive('paragraph'),
      headings: HEADING_LEVELS.map((level) => e.isActive('heading', { level })),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      canUndo: e.isEditable && e.can().undo(),
      canRedo: e.isEditable && e.can().redo(),
    }),
  });
  const off = !s.editable;
  const run = (fn: (c: ChainedCommands) => ChainedCommands) => () => void fn(editor.chain().focus()).run();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    const buttons = Array.from(bar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : (at + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]?.focus();
    e.preventDefault();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')} ref={bar} onKeyDown={onKeyDown}>
      <div className="tool-group">
        <ToolButton
          label={t('editor.paragraph')}
          keys={shortcut('Mod', 'Alt', '0')}
          active={s.paragraph}
          disabled={off}
          onRun={run((c) => c.setParagraph())}
        >
          <span className="tool-text">{t('editor.paragraphShort')}</span>
        </ToolButton>
        {HEADING_LEVELS.map((level, i) => (
          <ToolButton
            key={level}
            label={t('editor.heading', { level })}
            keys={shortcut('Mod', 'Alt', String(level))}
            active={s.headings[i]}
            disabled={off}
            onRun={run((c) => c.toggleHeading({ level }))}
          >
            <span className="tool-text">{t('editor.headingShort', { level })}</span>
          </ToolButton>
        ))}
      </div>
      <div className="tool-group">
        <ToolButton
          label={t('editor.bulletList')}
          keys={shortcut('Mod', 'Shift', '8')}
          active={s.bulletList}
          disabled={off}
          onRun={run((c) => c.toggleBulletList())}
        >
          <BulletIcon />
        </ToolButton>
        <ToolButton
          label={t('editor.orderedList')}
          keys={shortcut('Mod', 'Shift', '7')}
          active={s.orderedList}
          disabled={off}
          onRun={run((c) => c.toggleOrderedList())}
        >
          <NumberedIcon />
        </ToolButton>
      </div>
      <div className="tool-group">
        <ToolButton label={t('editor.bold')} keys={shortcut('Mod', 'B')} active={s.bold} disabled={off} onRun={run((c) => c.toggleBold())}>
          <b className="tool-glyph">B</b>
        </ToolButton>
        <ToolButton label={t('editor.italic')} keys={shortcut('Mod', 'I')} active={s.italic} disabled={off} onRun={run((c) => c.toggleItalic())}>
          <i className="tool-glyph tool-italic">I</i>
        </ToolButton>
      </div>
      <div className="tool-group">
        <ToolButton label={t('editor.undo')} keys={shortcut('Mod', 'Z')} disabled={!s.canUndo} onRun={run((c) => c.undo())}>
          <UndoIcon />
        </ToolButton>
        <ToolButton label={t('editor.redo')} keys={shortcut('Mod', 'Shift', 'Z')} disabled={!s.canRedo} onRun={run((c) => c.redo())}>
          <UndoIcon flip />
        </ToolButton>
      </div>
    </div>
  );
}
