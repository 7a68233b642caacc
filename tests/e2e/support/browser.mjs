// Launches Debian's Chromium (/usr/bin/chromium) through playwright-core, headless, with a fresh
// temporary profile (Playwright's own), and offers the helpers the browser tests share.

import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from './chromium.mjs';

export { CHROMIUM_PATH, CHROMIUM_ARGS };

const here = path.dirname(fileURLToPath(import.meta.url));
/** tests/e2e/artifacts/: screenshots land here (git-ignored). */
export const ARTIFACTS_DIR = path.resolve(here, '..', 'artifacts');
/** The repository root. */
export const REPO_ROOT = path.resolve(here, '..', '..', '..');

/**
 * Starts headless Chromium. chromium.launch() gives every browser a fresh, empty profile of its
 * own (a playwright_chromiumdev_profile-* folder in the temp dir, passed as --user-data-dir and
 * deleted on browser.close()); Playwright refuses a --user-data-dir in `args`.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launch() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run scripts/setup.sh (installs Debian's chromium).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A new page in its own context.
 * @param {import('playwright-core').Browser} browser
 * @param {{ width?: number, height?: number, colorScheme?: 'light' | 'dark', deviceScaleFactor?: number }} [opts]
 */
export async function newPage(browser, { width = 1280, height = 900, colorScheme = 'light', deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme,
    deviceScaleFactor,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/**
 * Saves a full-page PNG to tests/e2e/artifacts/NAME.png and returns its path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  // The page skips rendering off-screen diagrams and charts (content-visibility: auto); a
  // full-page capture would show them blank, so render everything for the picture, as a reader
  // scrolling down would see it. A constructed style sheet, not a <style> tag: the page's
  // Content-Security-Policy refuses inline style (and logs an error), not the CSS object model.
  await page
    .evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('* { content-visibility: visible !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    })
    .catch(() => {});
  await page.waitForTimeout(100);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Chromium asks the origin for /favicon.ico when a page links no icon: not the site's own file
 *  when the site lives under a sub-path, so that 404 is not counted. */
const ORIGIN_FAVICON = /^https?:\/\/[^/]+\/favicon\.ico(?:[?#].*)?$/;

/**
 * Records console errors, uncaught page errors, failed requests and HTTP responses >= 400
 * from the moment it is called. Attach it before page.goto().
 * @param {import('playwright-core').Page} page
 * @param {{ ignoreUrls?: RegExp[] }} [opts] URLs whose failures are not counted.
 * @returns {{ consoleErrors: string[], pageErrors: string[], failedRequests: string[], firstPageError: Promise<Error>, all: () => string[] }}
 */
export function collectErrors(page, { ignoreUrls = [ORIGIN_FAVICON] } = {}) {
  const ignored = (url) => Boolean(url) && ignoreUrls.some((re) => re.test(url));
  const consoleErrors = [];
  const pageErrors = [];
  const failedRequests = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    if (ignored(loc?.url)) return;
    consoleErrors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  let resolveFirst;
  const firstPageError = new Promise((resolve) => (resolveFirst = resolve));
  page.on('pageerror', (err) => {
    pageErrors.push(`page error: ${err.stack || err.message || String(err)}`);
    resolveFirst(err);
  });
  page.on('requestfailed', (req) => {
    if (ignored(req.url())) return;
    // A navigation (reload, goto) cancels requests still in flight, e.g. the favicon: that is
    // not a failure of the page. HTTP errors and refused connections still count.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    failedRequests.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !ignored(res.url())) failedRequests.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    consoleErrors,
    pageErrors,
    failedRequests,
    /** Resolves with the first uncaught page error (never rejects; may never resolve). */
    firstPageError,
    all: () => [...pageErrors, ...consoleErrors, ...failedRequests],
  };
}
