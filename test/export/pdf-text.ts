import assert from 'node:assert/strict';
import { run } from './render-tools.js';

/**
 * A PDF read beyond `pdftotext -layout` (render-tools.ts): the words with their boxes, for where
 * things stand on the page, and the text in the order it was written, for PDFs whose mixed fonts
 * the layout mode splits into lines of their own (Chromium's: Latin digits and CJK of one line).
 */

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of every page with its box in points, as `pdftotext -bbox` gives them. */
export async function wordBoxes(pdf: string): Promise<Word[][]> {
  const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], 30_000);
  return [...stdout.matchAll(/<page[^>]*>([\s\S]*?)<\/page>/g)].map((page) =>
    [...(page[1] ?? '').matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5] ?? '',
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    })),
  );
}

const middle = (w: Word) => (w.yMin + w.yMax) / 2;

/**
 * A page's words in lines, each line left to right, top to bottom. Words are on one line when
 * their middles are within `slack` points: the fonts of one line (a CJK face, a Latin one for
 * digits and ×) give their words boxes of different heights.
 */
export function linesOfWords(words: readonly Word[], slack = 6): Word[] {
  const rows: Word[][] = [];
  for (const word of [...words].sort((a, b) => middle(a) - middle(b))) {
    const row = rows.find((r) => Math.abs(middle(r[0] as Word) - middle(word)) <= slack);
    if (row) row.push(word);
    else rows.push([word]);
  }
  return rows.map((row) => {
    const sorted = [...row].sort((a, b) => a.xMin - b.xMin);
    return {
      text: sorted.map((w) => w.text).join(''),
      xMin: sorted[0]?.xMin ?? 0,
      xMax: sorted.at(-1)?.xMax ?? 0,
      yMin: Math.min(...row.map((w) => w.yMin)),
      yMax: Math.max(...row.map((w) => w.yMax)),
    };
  });
}

/** The line of a page that reads `text`, as one box. */
export function lineOf(words: readonly Word[], text: string): Word {
  const lines = linesOfWords(words);
  const line = lines.find((l) => l.text === text);
  assert.ok(line, `a line reading ${text}, among:\n${lines.map((l) => l.text).join('\n')}`);
  return line;
}

/** Each page's text in the order the PDF writes it (`pdftotext -raw`). */
export async function rawPageTexts(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], 30_000);
  const pages = stdout.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}
