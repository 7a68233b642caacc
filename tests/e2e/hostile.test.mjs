// Hostile text (issue: share links and embedding): a corpus of markup, script, URL and CSS
// injections, prototype keys, very long and bidirectional text, pushed through every text
// input and every link parameter. The page shows it as text, runs nothing, loads nothing from
// elsewhere, and keeps working.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { newPage } from './support/browser.mjs';

const CORPUS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=1">',
  "' onmouseover='window.__pwned=1' x='",
  'javascript:window.__pwned=1',
  '</style><script>window.__pwned=1</script>',
  'a{background:url(https://evil.invalid/x.png)}',
  '</svg><foreignObject><iframe src="https://evil.invalid/"></iframe>',
  '__proto__',
  'constructor',
  '\u202Egnp.exe\u200B\u200D',
  'x'.repeat(5000),
];
const site = useSite('/hostile/');

/** A page that records dialogs, requests to other origins and uncaught errors. */
async function guardedPage() {
  const page = await newPage(site.browser, { width: 1280, height: 900 });
  const bad = [];
  page.on('dialog', async (d) => {
    bad.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', ''].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) bad.push(`request to ${r.url()}`);
  });
  page.on('pageerror', (e) => bad.push(`page error: ${e.message}`));
  return { page, bad };
}

async function assertIntact(page, bad, what) {
  await page.locator('[data-testid="stage-table"]').waitFor();
  const state = await page.evaluate(() => ({
    pwned: window.__pwned === 1,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && !/wasm|init|bindings/.test(s.textContent)).length,
    foreign: document.querySelectorAll('foreignObject, iframe, img[src="x"], svg[onload]').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
  }));
  assert.deepEqual(state, { pwned: false, scripts: 0, foreign: 0, handlers: 0 }, what);
  assert.deepEqual(bad, [], what);
}

test('hostile text typed into every field is shown as text and runs nothing', async () => {
  const { page, bad } = await guardedPage();
  try {
    await page.goto(site.server.url, { waitUntil: 'load' });
    await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const keys = await page.locator('input[data-testid^="input-"], textarea[data-testid^="input-"]').evaluateAll((els) =>
      els.map((e) => e.dataset.testid.slice('input-'.length)),
    );
    assert.ok(keys.length >= 40, `${keys.length} text fields found`);
    for (const [k, key] of keys.entries()) {
      const payload = CORPUS[k % CORPUS.length];
      await page.locator(`[data-testid="input-${key}"]`).fill(payload);
      await page.waitForTimeout(20);
    }
    // The services field holds a hostile name: it appears as text in the page.
    await page.locator('[data-testid="input-services"]').fill('<img src=x onerror="window.__pwned=1">:1,B');
    await page.waitForFunction(() => document.body.textContent.includes('<img src=x onerror='));
    await page.waitForTimeout(400);
    await assertIntact(page, bad, 'after typing the corpus into every field');
  } finally {
    await page.context().close();
  }
});

test('hostile text in every link parameter opens safely, with notices', async () => {
  const { page, bad } = await guardedPage();
  try {
    const keys = await (async () => {
      await page.goto(site.server.url, { waitUntil: 'load' });
      await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
      return page.locator('[data-testid^="input-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice('input-'.length)));
    })();
    const viewKeys = ['v', 'preset', 'embed', 'view', 'stage', 'ro', 'theme', 'quiz', 'metrics', 'id'];
    for (const [k, key] of [...keys, ...viewKeys, '__proto__', 'constructor'].entries()) {
      const payload = CORPUS[k % CORPUS.length];
      await page.goto(`${site.server.url}?${encodeURIComponent(key)}=${encodeURIComponent(payload)}`, { waitUntil: 'load' });
      await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
      await assertIntact(page, bad, `link parameter ${key}`);
    }
  } finally {
    await page.context().close();
  }
});
