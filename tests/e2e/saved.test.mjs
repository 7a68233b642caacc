// Saved scenarios and the embed builder's "Copy code": a scenario saved in this browser reopens exactly (preset
// and values); Delete empties the list; the embed snippet is an iframe of the scenario in embed
// mode, lazily loaded and titled.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/courses/systems/scalemap/');

/** Opens the "Saved scenarios" panel if it is closed. */
async function openSaved(app) {
  const details = app.testid('saved-scenarios');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

test('a saved scenario reopens with its preset and values; Delete removes it', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=parallel-running&users=10k,1m');
  try {
    await openSaved(app);
    await app.testid('save-name').fill('Two versions');
    await app.testid('save-scenario').click();
    const items = app.testid('saved-list').locator('li');
    assert.equal(await items.count(), 1);
    assert.match(await items.first().innerText(), /Two versions/);
    await screenshot(app.page, 'saved-scenarios-desktop-light');

    // Another page load (same browser profile, so the same localStorage).
    await app.goto('?preset=maturity');
    assert.equal(await app.testid('preset-select').inputValue(), 'maturity');
    await openSaved(app);
    await app.testid('open-saved-0').click();
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="cell-service_instances-1"]')?.innerText.trim() === '667',
    );
    assert.equal(await app.cellText('service_instances', 1), '667');
    assert.equal(await app.testid('preset-select').inputValue(), 'parallel-running');
    const q = await app.waitForQuery((s) => s.includes('preset=parallel-running'));
    assert.match(q, /users=10k,1m/);

    await app.testid('delete-saved-0').click();
    assert.equal(await app.testid('saved-list').locator('li').count(), 0);
    assert.deepEqual(JSON.parse(await app.page.evaluate(() => localStorage.getItem('scalemap:saved'))), { version: 2, scenarios: [] });
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Corrupted and old-format saved lists: see storage.test.mjs.

// Guards: the builder's "Copy code" copies the snippet it shows: an iframe of the scenario in
// embed mode at the site's absolute address (this sub-path), lazy, titled, its address escaped.
test('Copy code copies an iframe of the scenario in embed mode', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=parallel-running&users=10k,1m');
  try {
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
    await app.testid('copy-embed').click();
    await app.testid('embed-builder').waitFor();
    await app.testid('eb-copy').click();
    // The clipboard when the browser allows it, else the code box (selected for the person).
    let snippet = '';
    const end = Date.now() + 5_000;
    while (!snippet && Date.now() < end) {
      snippet = await app.page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
      if (!snippet) await app.page.waitForTimeout(100);
    }
    if (!snippet) snippet = await app.testid('eb-code').inputValue();
    assert.equal(snippet, await app.testid('eb-code').inputValue(), 'what is copied is what is shown');
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/courses\/systems\/scalemap\/\?/);
    assert.match(snippet, /embed=1/);
    assert.match(snippet, /preset=parallel-running/);
    assert.match(snippet, /loading="lazy"/);
    assert.match(snippet, /title="Scalemap/);
    assert.match(snippet, /&amp;/, 'the src attribute is escaped');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
