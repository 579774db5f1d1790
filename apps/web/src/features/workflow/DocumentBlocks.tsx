import type { ReactNode } from 'react';
import { isListItem } from './workflow-model';

export interface RenderedBlock {
  key: string;
  type: string;
  level?: number;
  className?: string;
  content: ReactNode;
}

/**
 * Blocks of a report as read-only text, set like the editor: headings by level, paragraphs,
 * and runs of list items gathered into lists. Headings sit below the viewer's own heading.
 */
export function DocumentBlocks({ blocks }: { blocks: readonly RenderedBlock[] }) {
  const out: ReactNode[] = [];
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i] as RenderedBlock;
    if (isListItem(block.type)) {
      const items: RenderedBlock[] = [];
      while (i < blocks.length && (blocks[i] as RenderedBlock).type === block.type) items.push(blocks[i++] as RenderedBlock);
      const List = block.type === 'orderedItem' ? 'ol' : 'ul';
      out.push(
        <List key={block.key}>
          {items.map((item) => (
            <li key={item.key} className={item.className}>
              {item.content}
            </li>
          ))}
        </List>,
      );
      continue;
    }
    i += 1;
    if (block.type === 'heading') {
      const level = Math.min(Math.max(block.level ?? 1, 1), 3);
      const Tag = (['h3', 'h4', 'h5'] as const)[level - 1] ?? 'h3';
      out.push(
        <Tag key={block.key} className={[`doc-h${level}`, block.className].filter(Boolean).join(' ')}>
          {block.content}
        </Tag>,
      );
    } else {
      out.push(
        <p key={block.key} className={block.className}>
          {block.content}
        </p>,
      );
    }
  }
  return <div className="doc-view">{out}</div>;
}
