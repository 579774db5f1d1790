import type { Editor } from '@tiptap/core';
import { useI18n } from '../i18n/i18n';
import type { OutlineEntry } from './text-stats';

interface DocumentOutlineProps {
  editor: Editor;
  entries: OutlineEntry[];
  /** Collapsed into a disclosure on narrow screens. */
  collapsible: boolean;
  editable: boolean;
}

/** The headings of the report; choosing one scrolls the text to it. */
export function DocumentOutline({ editor, entries, collapsible, editable }: DocumentOutlineProps) {
  const { t } = useI18n();

  const go = (entry: OutlineEntry) => {
    const dom = editor.view.nodeDOM(entry.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' });
    if (editable) editor.chain().setTextSelection(entry.pos + 1).focus(undefined, { scrollIntoView: false }).run();
  };

  const list =
    entries.length === 0 ? (
      <p className="outline-empty">{t(editable ? 'editor.outlineEmpty' : 'editor.outlineEmptyReadOnly')}</p>
    ) : (
      <ol className="outline-list">
        {entries.map((entry) => (
          <li key={entry.pos} className={`outline-item outline-level-${entry.level}`}>
            <button type="button" className="outline-link" onClick={() => go(entry)}>
              {entry.text.trim() || t('editor.outlineUntitled')}
            </button>
          </li>
        ))}
      </ol>
    );

  if (collapsible) {
    return (
      <details className="outline outline-collapsible">
        <summary className="outline-title">{t('editor.outlineCount', { count: entries.length })}</summary>
        <nav aria-label={t('editor.outline')}>{list}</nav>
      </details>
    );
  }
  return (
    <nav className="outline" aria-label={t('editor.outline')}>
      <h2 className="outline-title">{t('editor.outline')}</h2>
      {list}
    </nav>
  );
}
