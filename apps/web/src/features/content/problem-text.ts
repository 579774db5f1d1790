import { type ContentProblem, TITLE_BLOCK } from '@review/shared';
import type { Translate } from '../../i18n/i18n';

/** `一、` / `（一）` / `(三）` before a heading's words. */
const SECTION_NUMBER = /^\s*(?:[一二三四五六七八九十百零〇]+[、．.]|[（(]\s*[一二三四五六七八九十百零〇]+\s*[）)])\s*/;
const QUOTE_MAX = 40;

/** A heading without its number: `一、存在问题` → `存在问题`. */
export function sectionName(heading: string): string {
  return heading.replace(SECTION_NUMBER, '').trim() || heading.trim();
}

function shorten(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…` : chars.join('');
}

/**
 * One problem of GET /reports/:id/checks in plain language: 未填写的占位符 “XX”,
 * 空的章节 “二、原因剖析”, 缺少与“存在问题”对应的“整改措施”.
 */
export function problemText(problem: ContentProblem, t: Translate): string {
  switch (problem.kind) {
    case 'placeholder':
      return t(problem.block === TITLE_BLOCK ? 'content.checks.titlePlaceholder' : 'content.checks.placeholder', { text: problem.text });
    case 'empty_section':
      return t('content.checks.empty_section', { text: shorten(problem.text) || t('content.checks.untitled') });
    case 'missing_measures':
      return t('content.checks.missing_measures', { text: shorten(sectionName(problem.text)) });
    default:
      // A kind this app does not know yet (a newer server): its text is still worth showing.
      return shorten((problem as ContentProblem).text);
  }
}
