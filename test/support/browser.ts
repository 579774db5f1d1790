import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.js';

/** Debian's chromium; playwright never downloads a browser here (.ci/run installs this one). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  narrow: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export const artifactsDir = path.resolve(import.meta.dirname, '../artifacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export type Language = 'zh-CN' | 'en';

export interface PageOptions {
  viewport?: ViewportName;
  /** The app's language, set as the saved choice before the first page loads. */
  language?: Language;
}

/**
 * A page that records everything that went wrong in it: console errors, uncaught exceptions,
 * failed requests and server errors. `assertClean()` fails the test if anything was recorded.
 */
export class TestPage {
  readonly problems: string[] = [];
  /** API answers with a 4xx status, which the app is expected to handle (e.g. 401 from /auth/me). */
  readonly apiRejections: string[] = [];

  private constructor(
    readonly baseUrl: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url;
      // Chromium logs every 4xx fetch as "Failed to load resource"; for the API those are
      // answers the app handles and are checked through `apiRejections` instead.
      if (msg.text().startsWith('Failed to load resource') && /\s4\d\d\b/.test(msg.text()) && isApi(where)) return;
      this.problems.push(`console error: ${msg.text()} (${where})`);
    });
    page.on('pageerror', (err) => this.problems.push(`uncaught exception: ${err.stack ?? err.message}`));
    page.on('requestfailed', (req) => {
      // A navigation away aborts requests that are still running; that is not a failure.
      if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`);
    });
    page.on('response', (res) => {
      const line = `${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`;
      if (res.status() >= 500) this.problems.push(`server error: ${line}`);
      else if (res.status() >= 400 && isApi(res.url())) this.apiRejections.push(line);
      else if (res.status() >= 400) this.problems.push(`missing resource: ${line}`);
    });
  }

  static async open(browser: Browser, baseUrl: string, options: PageOptions = {}): Promise<TestPage> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: VIEWPORTS[options.viewport ?? 'desktop'],
      locale: 'zh-CN',
    });
    // Fail within seconds rather than half a minute when something does not appear.
    context.setDefaultTimeout(10_000);
    const language = options.language ?? 'zh-CN';
    await context.addInitScript((lang) => {
      if (!localStorage.getItem('review.locale')) localStorage.setItem('review.locale', lang);
    }, language);
    return new TestPage(baseUrl, context, await context.newPage());
  }

  async goto(pathname: string): Promise<void> {
    await this.page.goto(pathname);
  }

  /** Signs in through the form; the page must show the sign-in form. */
  async fillSignIn(username: string, password: string): Promise<void> {
    const { page } = this;
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('form button[type="submit"]').click();
  }

  /** Opens the app at `pathname` and signs in, ending on the page that was asked for. */
  async signIn(username: string, password = DEMO_PASSWORD, pathname = '/'): Promise<void> {
    await this.goto(pathname);
    await this.fillSignIn(username, password);
    await this.page.locator('header.topbar').waitFor();
  }

  /** Writes test/artifacts/<name>.png: the whole page, or only the window (for dialogs, whose backdrop covers just the window). */
  async screenshot(name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    // Let fonts and the last re-render settle so the picture shows what a user sees.
    await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
    await this.page.screenshot({ path: file, fullPage, animations: 'disabled' });
    return file;
  }

  /** Fails if the page logged an error, threw, or met a server error or missing resource. */
  assertClean(): void {
    assert.deepEqual(this.problems, [], `problems on ${this.page.url()}:\n${this.problems.join('\n')}`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

function isApi(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

/** True when the document is wider than the window, i.e. the user must scroll sideways. */
export async function hasHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
