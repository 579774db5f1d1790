import { HEADING_END, HEADING_TEXT_MAX, HEADING_TRAILING, LEVEL1_NUMBER, LEVEL2_NUMBER, numberedLevel } from './patterns.js';

/**
 * The number a heading of these reports starts with, as it is being typed at the start of a
 * paragraph: `四、` gives 1, `（一）` gives 2 (the numbering the import recognises, patterns.ts).
 * The editor turns the paragraph into a heading of that level as soon as the number is complete.
 */
export function typedHeadingLevel(typed: string): 1 | 2 | undefined {
  const m1 = LEVEL1_NUMBER.exec(typed);
  if (m1 && m1[0] === typed) return 1;
  const m2 = LEVEL2_NUMBER.exec(typed);
  if (m2 && m2[0] === typed) return 2;
  return undefined;
}

/**
 * Whether a whole paragraph reads as a heading (pasted from Word or a web page): a number as
 * above, then words and no sentence inside (`五、下一步打算`, `（一）加强理论学习方面。`). A
 * numbered line that goes on into sentences is a numbered paragraph. Longer than a heading usually
 * is, a `（n）` line that is one sentence standing alone is still a heading when body text follows
 * it (`next`), as the import reads the 五个带头 style of 对照检查材料.
 */
export function headingLevelOfLine(line: string, next?: string): 1 | 2 | undefined {
  const text = line.trim();
  const level = numberedLevel(text);
  if (!level) return undefined;
  const number = (level === 1 ? LEVEL1_NUMBER : LEVEL2_NUMBER).exec(text)?.[0] ?? '';
  const words = text.slice(number.length).replace(HEADING_TRAILING, '').trim();
  if (words === '' || HEADING_END.test(words)) return undefined;
  if (Array.from(words).length <= HEADING_TEXT_MAX) return level;
  const bodyFollows = next !== undefined && next.trim() !== '' && numberedLevel(next.trim()) === undefined;
  return level === 2 && bodyFollows ? 2 : undefined;
}
