// Embedding (issue: share links and embedding): the example host page's two iframes resize to
// their content through the height messages, an embed drops the page chrome and keeps an
// "Open in Scalemap" link, and switching an embed's theme restyles it.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { useSite, DIST } from './support/site.mjs';
import { newPage, screenshot, collectErrors } from './support/browser.mjs';

const site = useSite('/course/week-3/scalemap/');
before(() => {
  assert.ok(existsSync(path.join(DIST, 'embed-example.html')), `${DIST}/embed-example.html is missing: run trunk build --release`);
});

/** Waits until the iframe's height matches its document's height (within 2 px). */
async function fitted(page, id) {
  const frameEl = page.locator(`#${id}`);
  await page.waitForFunction(
    (sel) => {
      const f = document.querySelector(sel);
      const doc = f?.contentDocument;
      if (!f || !doc || !f.dataset.reportedHeight) return false;
      const inner = doc.documentElement.scrollHeight;
      return Math.abs(f.getBoundingClientRect().height - inner) <= 2 && inner > 100;
    },
    `#${id}`,
    { timeout: 20_000 },
  );
  return frameEl.boundingBox();
}

test('both embeds on the example host page resize to their content', async () => {
  const page = await newPage(site.browser, { width: 1280, height: 900 });
  const errors = collectErrors(page);
  try {
    await page.goto(site.server.url + 'embed-example.html', { waitUntil: 'load' });
    const left = await fitted(page, 'left');
    const right = await fitted(page, 'right');
    assert.ok(left.height > 150 && right.height > 150, `heights ${left.height}, ${right.height}`);
    for (const id of ['left', 'right']) {
      const frame = page.frameLocator(`#${id}`);
      assert.equal(await frame.locator('[data-testid="preset-select"]').count(), 0, 'no page chrome in an embed');
      const open = frame.locator('[data-testid="open-in-scalemap"]');
      await open.waitFor();
      const href = await open.getAttribute('href');
      assert.ok(href && !/embed=1/.test(href), `open link ${href} leaves embed mode`);
      assert.equal(await open.getAttribute('target'), '_blank');
    }
    assert.equal(await page.frameLocator('#left').locator('[data-testid^="diagram-"] svg').count(), 1, 'one stage diagram');
    await page.frameLocator('#right').locator('[data-testid="stage-table"]').waitFor();
    await screenshot(page, 'embed-host-light');

    // Switch the right embed to dark: its background turns dark and it still fits.
    await page.locator('#right').evaluate((f) => {
      f.dataset.reportedHeight = '';
      f.src = f.src.replace('&id=right', '&theme=dark&id=right');
    });
    await fitted(page, 'right');
    const bg = await page.frameLocator('#right').locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `dark background, got ${bg}`);
    await screenshot(page, 'embed-host-right-dark');
    assert.deepEqual(errors.all(), []);
  } finally {
    await page.context().close();
  }
});

test('an embed does not take height messages from elsewhere', async () => {
  const page = await newPage(site.browser, { width: 1000, height: 800 });
  try {
    await page.goto(site.server.url + 'embed-example.html', { waitUntil: 'load' });
    await fitted(page, 'left');
    const h = await page.locator('#left').evaluate((f) => f.style.height);
    // A message from the host window itself (not one of its frames) is ignored.
    await page.evaluate(() => window.postMessage({ type: 'scalemap:height', height: 5 }, '*'));
    await page.waitForTimeout(200);
    assert.equal(await page.locator('#left').evaluate((f) => f.style.height), h);
  } finally {
    await page.context().close();
  }
});
