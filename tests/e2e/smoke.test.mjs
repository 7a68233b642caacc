// Smoke test: the release build in dist/ (made by `trunk build --release` in scripts/test.sh)
// served from a sub-path, opened in headless Chromium at two sizes, light and dark.
// Run it alone with: node --test tests/e2e/   (after scripts/test.sh or trunk build --release)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { useSite } from './support/site.mjs';
import { newPage, screenshot, collectErrors, ARTIFACTS_DIR } from './support/browser.mjs';

const BASE_PATH = '/course/scalemap/';

const site = useSite(BASE_PATH);

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

for (const vp of VIEWPORTS) {
  for (const colorScheme of ['light', 'dark']) {
    test(`app mounts under ${BASE_PATH} at ${vp.width}x${vp.height} (${colorScheme}) with no errors`, async () => {
      const page = await newPage(site.browser, { width: vp.width, height: vp.height, colorScheme });
      const errors = collectErrors(page);
      try {
        const response = await page.goto(site.server.url, { waitUntil: 'load' });
        assert.equal(response?.status(), 200, `GET ${site.server.url}`);
        try {
          // Ready marker or the first uncaught error (a wasm panic, say), whichever comes first.
          await Promise.race([
            page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 }),
            errors.firstPageError.then((e) => {
              throw new Error(`uncaught page error before mount: ${e.message}`);
            }),
          ]);
        } catch (err) {
          await screenshot(page, `smoke-${vp.name}-${colorScheme}-FAILED`).catch(() => {});
          throw new Error(
            `[data-testid="app-ready"] never appeared (${err.message.split('\n')[0]}); ` +
              `errors seen: ${JSON.stringify(errors.all(), null, 2)}; requests: ${JSON.stringify(site.server.requests)}`,
          );
        }
        const scheme = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
        assert.equal(scheme, colorScheme === 'dark', 'prefers-color-scheme was emulated');
        await screenshot(page, `smoke-${vp.name}-${colorScheme}`);
        await rm(path.join(ARTIFACTS_DIR, `smoke-${vp.name}-${colorScheme}-FAILED.png`), { force: true });
        assert.deepEqual(errors.all(), [], 'no page errors, console errors or failed requests');
      } finally {
        await page.context().close();
      }
    });
  }
}
