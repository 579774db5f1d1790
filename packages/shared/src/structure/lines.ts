/**
 * Source formats reduced to one shape: lines of text with bold/italic ranges and, where the source
 * says so (`#` in Markdown, `<h1>` in HTML), an explicit heading depth.
 */
import type { ReportMarkName } from '../editor-schema.js';

export type MarkType = ReportMarkName;

/** A mark over `text.slice(start, end)`. */
export interface MarkRange {
  type: MarkType;
  start: number;
  end: number;
}

export interface SourceLine {
  text: string;
  marks: MarkRange[];
  /** 1 for `#` / `<h1>`, 2 for `##` / `<h2>` … */
  depth?: number;
}

/** Zero-width characters and the byte-order mark, which only get in the way of matching. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** Cuts a line to [from, to) and moves its marks along. */
export function sliceLine(line: SourceLine, from: number, to = line.text.length): SourceLine {
  const marks: MarkRange[] = [];
  for (const m of line.marks) {
    const start = Math.max(m.start, from) - from;
    const end = Math.min(m.end, to) - from;
    if (end > start) marks.push({ type: m.type, start, end });
  }
  const out: SourceLine = { text: line.text.slice(from, to), marks };
  if (line.depth !== undefined) out.depth = line.depth;
  return out;
}

/** Trims white space (including the ideographic space U+3000 that indents Chinese text). */
export function trimLine(line: SourceLine): SourceLine {
  const lead = line.text.length - line.text.trimStart().length;
  const end = line.text.trimEnd().length;
  if (lead === 0 && end === line.text.length) return line;
  return sliceLine(line, lead, Math.max(lead, end));
}

function physicalLines(source: string): string[] {
  return source.replace(INVISIBLE, '').split(/\r\n|\r|\n|\u2028|\u2029/);
}

export function textLines(source: string): SourceLine[] {
  return physicalLines(source).map((text) => trimLine({ text, marks: [] }));
}

// ---- Markdown ---------------------------------------------------------------------------------

const ATX_HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/;
const THEMATIC_BREAK = /^([-*_])(\s*\1){2,}$/;
const BULLET = /^[-+*]\s+/;
const BLOCKQUOTE = /^(>\s?)+/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * The Markdown that reports use: ATX headings, `**bold**`, `*italic*` is NOT read (a single `*`
 * between characters is the placeholder `*` far more often), links reduced to their text, images
 * dropped, bullets and quotes unwrapped, backslash escapes honoured. A `**` that has no partner
 * stays as it is: it is a placeholder for the author to fill in.
 */
export function markdownLines(source: string): SourceLine[] {
  const out: SourceLine[] = [];
  for (const raw of physicalLines(source)) {
    let text = raw.trim();
    if (THEMATIC_BREAK.test(text)) continue;
    let depth: number | undefined;
    const heading = ATX_HEADING.exec(text);
    if (heading) {
      depth = heading[1]?.length;
      text = heading[2] ?? '';
    } else {
      text = text.replace(BLOCKQUOTE, '').replace(BULLET, '');
    }
    text = text.replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    const line = trimLine(inlineMarkdown(text));
    if (depth !== undefined) line.depth = depth;
    out.push(line);
  }
  return out;
}

/** `**bold**` pairs (CommonMark's flanking rule, simplified) and backslash escapes. */
function inlineMarkdown(text: string): SourceLine {
  type Piece = { literal: string } | { delimiter: number };
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && ASCII_PUNCTUATION.test(next)) {
      literal += next;
      i += 2;
      continue;
    }
    if (ch === '*') {
      let run = 1;
      while (text[i + run] === '*') run += 1;
      if (run === 2) {
        pieces.push({ literal });
        literal = '';
        pieces.push({ delimiter: i });
      } else {
        literal += '*'.repeat(run);
      }
      i += run;
      continue;
    }
    literal += ch;
    i += 1;
  }
  pieces.push({ literal });

  // Pair the delimiters: an opener is followed by non-space, a closer preceded by non-space.
  const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
  const paired = new Map<number, 'open' | 'close'>();
  let open: number | undefined;
  for (const p of pieces) {
    if (!('delimiter' in p)) continue;
    const at = p.delimiter;
    const canOpen = !isSpace(text[at + 2]);
    const canClose = !isSpace(text[at - 1]) && open !== undefined && open + 2 < at;
    if (open !== undefined && canClose) {
      paired.set(open, 'open');
      paired.set(at, 'close');
      open = undefined;
    } else if (canOpen) {
      open = at;
    }
  }

  let out = '';
  const marks: MarkRange[] = [];
  let boldFrom: number | undefined;
  for (const p of pieces) {
    if ('literal' in p) {
      out += p.literal;
      continue;
    }
    const role = paired.get(p.delimiter);
    if (role === 'open') boldFrom = out.length;
    else if (role === 'close' && boldFrom !== undefined) {
      if (out.length > boldFrom) marks.push({ type: 'bold', start: boldFrom, end: out.length });
      boldFrom = undefined;
    } else out += '**';
  }
  return { text: out, marks };
}

// ---- HTML (as mammoth writes it from a .docx) -------------------------------------------------

const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'div', 'blockquote', 'br',
]);
const BOLD_TAGS = new Set(['strong', 'b']);
const ITALIC_TAGS = new Set(['em', 'i']);
const VOID_TAGS = new Set(['br', 'img', 'hr']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The block structure of simple HTML (mammoth's output): each paragraph, heading, list item or
 * table cell is a line; `<strong>`/`<b>` and `<em>`/`<i>` are marks; images and footnote or
 * comment references and bodies are left out.
 */
export function htmlLines(source: string): SourceLine[] {
  const out: SourceLine[] = [];
  let text = '';
  let marks: MarkRange[] = [];
  let depth: number | undefined;
  const openMarks: Record<MarkType, { level: number; from: number }> = {
    bold: { level: 0, from: 0 },
    italic: { level: 0, from: 0 },
  };
  let skipping = 0;
  const skipStack: string[] = [];

  const closeMark = (type: MarkType) => {
    const m = openMarks[type];
    if (text.length > m.from) marks.push({ type, start: m.from, end: text.length });
  };
  const flush = () => {
    for (const type of ['bold', 'italic'] as const) if (openMarks[type].level > 0) closeMark(type);
    const line: SourceLine = trimLine({ text, marks });
    if (depth !== undefined) line.depth = depth;
    if (line.text) out.push(line);
    text = '';
    marks = [];
    for (const type of ['bold', 'italic'] as const) openMarks[type].from = 0;
  };

  const token = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|</g;
  for (const m of source.replace(INVISIBLE, '').matchAll(token)) {
    const [whole, slash, rawName, attrs, chars] = m;
    if (whole.startsWith('<!--')) continue;
    if (chars !== undefined || whole === '<') {
      if (skipping === 0) text += decodeEntities((chars ?? whole).replace(/\s+/g, ' '));
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    const closing = slash === '/';
    const selfClosing = VOID_TAGS.has(name) || /\/\s*$/.test(attrs ?? '');
    if (skipping > 0) {
      if (closing && name === skipStack[skipStack.length - 1]) {
        skipStack.pop();
        skipping -= 1;
      } else if (!closing && !selfClosing && name === skipStack[skipStack.length - 1]) {
        skipStack.push(name);
        skipping += 1;
      }
      continue;
    }
    // Footnotes, endnotes and comments: their references and their bodies are not report text.
    if (!closing && /\b(id|href)\s*=\s*["']#?(footnote|endnote|comment)(-ref)?-/i.test(attrs ?? '')) {
      if (!selfClosing) {
        skipStack.push(name);
        skipping += 1;
      }
      continue;
    }
    if (BLOCK_TAGS.has(name)) {
      flush();
      const heading = /^h([1-6])$/.exec(name);
      depth = heading && !closing ? Number(heading[1]) : undefined;
      continue;
    }
    const type: MarkType | undefined = BOLD_TAGS.has(name) ? 'bold' : ITALIC_TAGS.has(name) ? 'italic' : undefined;
    if (!type || selfClosing) continue;
    const state = openMarks[type];
    if (!closing) {
      if (state.level === 0) state.from = text.length;
      state.level += 1;
    } else if (state.level > 0) {
      state.level -= 1;
      if (state.level === 0) closeMark(type);
    }
  }
  flush();
  return out;
}
