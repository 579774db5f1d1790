import type { DiffBlock, DiffSegment } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import type { RenderedBlock } from './DocumentBlocks';

function segmentNodes(segments: readonly DiffSegment[], blockOp: DiffBlock['op'], labels: { ins: string; del: string }) {
  return segments.map((seg, i) => {
    const op = blockOp === 'insert' || blockOp === 'delete' ? blockOp : seg.op;
    if (op === 'insert') {
      return (
        <ins key={i} title={labels.ins}>
          <span className="visually-hidden">[{labels.ins}]</span>
          {seg.text}
        </ins>
      );
    }
    if (op === 'delete') {
      return (
        <del key={i} title={labels.del}>
          <span className="visually-hidden">[{labels.del}]</span>
          {seg.text}
        </del>
      );
    }
    return <span key={i}>{seg.text}</span>;
  });
}

/**
 * The blocks of a diff as a redline: insertions and deletions marked (and named for screen
 * readers). With `onlyChanges`, each run of unchanged blocks becomes one line that counts them.
 */
export function redlineBlocks(blocks: readonly DiffBlock[], onlyChanges: boolean, t: Translate): RenderedBlock[] {
  const labels = { ins: t('diff.inserted'), del: t('diff.deleted') };
  const rendered: RenderedBlock[] = [];
  let hidden = 0;
  const flushHidden = (key: string) => {
    if (hidden === 0) return;
    rendered.push({ key: `gap-${key}`, type: 'paragraph', className: 'diff-gap', content: t('diff.unchanged', { count: hidden }) });
    hidden = 0;
  };
  blocks.forEach((b, i) => {
    if (onlyChanges && b.op === 'equal') {
      hidden += 1;
      return;
    }
    flushHidden(String(i));
    const text = b.segments.map((s) => s.text).join('');
    rendered.push({
      key: String(i),
      type: b.type,
      level: b.level,
      className: `diff-block diff-${b.op}`,
      content: text ? segmentNodes(b.segments, b.op, labels) : '\u00a0',
    });
  });
  flushHidden('end');
  return rendered;
}
