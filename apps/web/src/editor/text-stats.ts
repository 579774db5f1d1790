import type { Node as PmNode } from '@tiptap/pm/model';

/**
 * Characters as a Chinese reader counts them: every code point that is not whitespace, so each
 * Chinese character, letter, digit and punctuation mark counts one; spaces and line breaks do not.
 */
export function countCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n += 1;
  return n;
}

export interface OutlineEntry {
  level: number;
  text: string;
  /** Position of the heading node in the editor document. */
  pos: number;
}

/** The headings of the document, in order. */
export function outlineOf(doc: PmNode): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      out.push({ level: Number(node.attrs.level) || 1, text: node.textContent, pos });
      return false;
    }
    // Headings live at the top level; no need to look inside lists and paragraphs.
    return node.type.name === 'doc';
  });
  return out;
}

const CJK = /\p{Script=Han}/u;

/** Avatar letters: the given name for Chinese names (张明 → 张明, 欧阳文华 → 文华), initials otherwise. */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const chars = [...trimmed];
  if (chars.some((c) => CJK.test(c))) return chars.slice(-2).join('');
  const words = trimmed.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? (words[0]?.[0] ?? '') + (words[1]?.[0] ?? '') : trimmed.slice(0, 2);
  return letters.toUpperCase();
}
