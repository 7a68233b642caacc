// The built site every browser test file serves, and the set-up they share: serve it on
// 127.0.0.1 under a sub-path and launch Chromium before the file's tests, close both after.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, REPO_ROOT } from './browser.mjs';

/** The built site under test: dist/, or SCALEMAP_DIST. */
export const DIST = path.resolve(process.env.SCALEMAP_DIST || path.join(REPO_ROOT, 'dist'));

/**
 * Registers this file's before/after hooks and returns `{ server, browser }`, filled in once the
 * tests start.
 * @param {string} basePath the sub-path the site is served under (e.g. '/course/scalemap/')
 * @returns {{ server: Awaited<ReturnType<typeof startServer>>, browser: import('playwright-core').Browser }}
 */
export function useSite(basePath) {
  const site = { server: undefined, browser: undefined };
  before(async () => {
    assert.ok(
      existsSync(path.join(DIST, 'index.html')),
      `${DIST}/index.html is missing: build the site first (scripts/test.sh runs \`trunk build --release\`).`,
    );
    site.server = await startServer({ root: DIST, basePath });
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
