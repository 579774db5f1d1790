import assert from 'node:assert/strict';
import type { ReportContentDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { type PageOptions, TestPage } from '../support/browser.js';
import type { Fixtures, Member } from '../support/fixtures.js';
import type { ApiClient } from '../support/http.js';

/** Helpers shared by the editor's browser tests (test/browser/editor*.test.ts). */

export interface EditorTeam {
  teamId: string;
  drafter: Member;
  supervisor: Member;
  /** A team member who is neither author nor reviewer. */
  viewer: Member;
}

/** A team whose people have Chinese names, as in real use (names show on carets and avatars). */
export async function editorTeam(fx: Fixtures): Promise<EditorTeam> {
  const team = await fx.newTeam();
  const drafter = await fx.newUser({ displayName: '张明' });
  const supervisor = await fx.newUser({ displayName: '李华' });
  const viewer = await fx.newUser({ displayName: '王芳' });
  await fx.addMember(team.id, drafter.user.id, 'drafter');
  await fx.addMember(team.id, supervisor.user.id, 'supervisor');
  await fx.addMember(team.id, viewer.user.id, 'drafter');
  return { teamId: team.id, drafter, supervisor, viewer };
}

/** A signed-in page on the report, once the editor is on screen. */
export async function openReport(
  browser: Browser,
  baseUrl: string,
  member: Member,
  reportId: string,
  options: PageOptions = {},
): Promise<TestPage> {
  const tp = await TestPage.open(browser, baseUrl, options);
  await tp.signIn(member.user.username, `pw-${member.user.username}`, `/reports/${reportId}`);
  await editor(tp.page).waitFor();
  return tp;
}

/** The report pages one suite opens, kept so that its `after` can close them all. */
export class ReportPages {
  private readonly opened: TestPage[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /** openReport, keeping the page for closeAll(). */
  async open(member: Member, report: { id: string }, options: PageOptions = {}): Promise<TestPage> {
    const tp = await openReport(this.browser, this.baseUrl, member, report.id, options);
    this.opened.push(tp);
    return tp;
  }

  async closeAll(): Promise<void> {
    for (const tp of this.opened) await tp.close().catch(() => undefined);
  }
}

/** The report's content as the server has stored it, read through the API as `client`. */
export async function serverContent(client: ApiClient, reportId: string): Promise<ReportContentDto> {
  const res = await client.get<ReportContentDto>(`/reports/${reportId}/content`);
  assert.equal(res.status, 200);
  return res.body;
}

export const editor = (page: Page) => page.locator('.report-text');
export const status = (page: Page) => page.locator('.save-status');

export async function waitForStatus(page: Page, kind: string, timeout = 10_000): Promise<void> {
  await page.locator(`.save-status[data-status="${kind}"]`).waitFor({ timeout });
}

/**
 * Puts the caret at the end of the document, and waits until the editor has taken the new
 * selection: the browser reports a keyboard selection change a moment later, and a key pressed
 * before that would act at the old caret.
 */
export async function caretAtEnd(page: Page): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.waitForFunction(() => {
    const root = document.querySelector('.report-text') as (HTMLElement & { editor?: { state: { selection: { to: number }; doc: { content: { size: number } } } } }) | null;
    const state = root?.editor?.state;
    return state !== undefined && state.selection.to >= state.doc.content.size - 1;
  }, undefined, { timeout: 2_000 });
}

/** The text blocks on screen (headings, paragraphs, list items), without other people's caret labels. */
export async function blocksOf(page: Page): Promise<string[]> {
  return editor(page).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.remote-caret')) caret.remove();
    return Array.from(copy.querySelectorAll('h1, h2, h3, p')).map((b) => b.textContent ?? '');
  });
}

/** The text the editor itself has selected (its state's selection, not the DOM's). */
export async function selectedInEditor(page: Page): Promise<string> {
  return editor(page).evaluate((root) => {
    const { state } = (root as HTMLElement & { editor: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } } }).editor;
    return state.doc.textBetween(state.selection.from, state.selection.to);
  });
}

/**
 * Selects the first occurrence of `text` in the editor as a mouse would, without moving the page.
 * With `inEditor`, waits until the editor has taken the selection into its state (an editable
 * editor does; the comment button reads the browser's selection and needs no wait).
 */
export async function selectText(page: Page, text: string, { inEditor = false }: { inEditor?: boolean } = {}): Promise<void> {
  const editable = await editor(page).evaluate((root, wanted) => {
    const isEditable = root.getAttribute('contenteditable') === 'true';
    if (isEditable) (root as HTMLElement).focus({ preventScroll: true });
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      return isEditable;
    }
    throw new Error(`not in the text: ${wanted}`);
  }, text);
  if (!inEditor || !editable) return;
  const deadline = Date.now() + 2_000;
  while ((await selectedInEditor(page)) !== text) {
    if (Date.now() > deadline) throw new Error(`the editor did not take the selection of ${text}`);
    await page.waitForTimeout(20);
  }
}

/** Waits until the page shows a block containing `text`. */
export async function waitForText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await editor(page).locator('h1, h2, h3, p', { hasText: text }).first().waitFor({ timeout });
}

/**
 * Fails on any problem the page recorded except the browser's own messages about connections
 * that a test cut on purpose (network off, server restarted).
 */
export function assertCleanApartFromOutages(tp: TestPage): void {
  const expected = [
    /WebSocket connection to '.*' failed/,
    /net::ERR_INTERNET_DISCONNECTED/,
    // Requests in flight while the server is stopped and started again.
    /net::ERR_CONNECTION_(RESET|REFUSED)/,
    // The init script of TestPage runs on Chromium's offline error page too, which has no storage.
    /Failed to read the 'localStorage' property from 'Window': Access is denied/,
  ];
  const unexpected = tp.problems.filter((p) => !expected.some((e) => e.test(p)));
  assert.deepEqual(unexpected, [], `problems on ${tp.page.url()}:\n${unexpected.join('\n')}`);
}
