// What the page keeps in local storage and scenario files: the old tab-separated saved list and
// the bare last-scenario query migrate to versioned JSON on first read; a corrupted entry is
// named in a notice and kept aside; a full storage is reported; "Download scenario" writes the
// same file the CLI test reads (tests/golden/scenario/two-versions-v3.json) and "Open scenario"
// reads it back, with notices for anything it cannot use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useSite } from './support/site.mjs';
import { screenshot, ARTIFACTS_DIR, REPO_ROOT } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/course/scalemap/');
const GOLDEN = path.join(REPO_ROOT, 'tests', 'golden', 'scenario', 'two-versions-v3.json');

/** Opens the "Saved scenarios" panel if it is closed. */
async function openSaved(app) {
  const details = app.testid('saved-scenarios');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/** Sets local storage to `items` (null removes), after the page's own pending write. */
async function setStorage(app, items) {
  // The page stores the last scenario 300 ms after a change; let that pass first.
  await app.page.waitForTimeout(600);
  await app.page.evaluate((items) => {
    for (const [k, v] of Object.entries(items)) {
      if (v === null) localStorage.removeItem(k);
      else localStorage.setItem(k, v);
    }
  }, items);
}

const stored = (app, key) => app.page.evaluate((k) => localStorage.getItem(k), key);
const storedJson = async (app, key) => JSON.parse(await stored(app, key));
const noticeTexts = (app) => app.testid('notice').allInnerTexts();

// Guards: the tab-separated saved list and the bare last query load, migrate to JSON, old key removed.
test('old-format saved scenarios and last scenario load and migrate to JSON', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity');
  try {
    await setStorage(app, {
      'scalemap:saved': null,
      'scalemap:saved:v1': 'One\t?v=1&preset=migration\nTwo\t?v=1&preset=maturity&peak=3\n',
      'scalemap:last': '?v=1&preset=db-per-service',
    });
    await app.goto('');
    // The last scenario (old format) opened the page, and was rewritten as JSON: the scenario
    // the page shows, its format-1 link migrated to format 3 (the same connections).
    assert.equal(await app.testid('preset-select').inputValue(), 'db-per-service');
    await app.page.waitForFunction(
      () => (localStorage.getItem('scalemap:last') || '').includes('v=3'),
      null,
      { timeout: 10_000 },
    );
    assert.deepEqual(await storedJson(app, 'scalemap:last'), {
      version: 2,
      query: '?v=3&preset=db-per-service&hold_s=0&persist=10',
    });
    await openSaved(app);
    const items = app.testid('saved-list').locator('li');
    assert.equal(await items.count(), 2);
    assert.deepEqual(await storedJson(app, 'scalemap:saved'), {
      version: 2,
      scenarios: [
        { name: 'One', query: '?v=1&preset=migration' },
        { name: 'Two', query: '?v=1&preset=maturity&peak=3' },
      ],
    });
    assert.equal(await stored(app, 'scalemap:saved:v1'), null, 'the old key is removed once migrated');
    assert.equal(await stored(app, 'scalemap:unreadable'), null, 'nothing was put aside');
    assert.deepEqual(await noticeTexts(app), []);

    await app.testid('open-saved-1').click();
    assert.equal(await app.testid('preset-select').inputValue(), 'maturity');
    await app.reveal('peak');
    assert.equal(await app.input('peak').inputValue(), '3');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: unreadable saved entries give notices and are kept aside (never silently dropped).
test('corrupted saved entries are named in notices and kept aside, never dropped', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity');
  try {
    await setStorage(app, {
      'scalemap:saved': null,
      'scalemap:saved:v1': 'garbage\u0000\nok\t?v=1&preset=migration\nbad\tnot a query\n',
    });
    await app.goto('?preset=maturity');
    await openSaved(app);
    const items = app.testid('saved-list').locator('li');
    assert.equal(await items.count(), 1);
    assert.match(await items.first().innerText(), /^ok/);
    const notices = await noticeTexts(app);
    assert.equal(notices.length, 2, notices.join('\n'));
    assert.match(notices[0], /saved line 1 .*garbage.*kept aside under “scalemap:unreadable”/s);
    assert.match(notices[1], /saved line 3 .*where a link query belongs/s);
    const aside = await storedJson(app, 'scalemap:unreadable');
    assert.deepEqual(
      aside.entries.map((e) => [e.from, e.text]),
      [
        ['scalemap:saved:v1', 'garbage\u0000'],
        ['scalemap:saved:v1', 'bad\tnot a query'],
      ],
    );
    await screenshot(app.page, 'storage-corrupted-notices-desktop-light');

    // A saved list that is not JSON at all is kept aside whole, and the page still works.
    await setStorage(app, { 'scalemap:saved': '{"version":2,"scen' });
    await app.goto('?preset=maturity');
    const again = await noticeTexts(app);
    assert.equal(again.length, 1, again.join('\n'));
    assert.match(again[0], /the saved list could not be read/);
    const aside2 = await storedJson(app, 'scalemap:unreadable');
    assert.equal(aside2.entries.length, 3);
    assert.equal(aside2.entries[2].text, '{"version":2,"scen');
    assert.deepEqual(await storedJson(app, 'scalemap:saved'), { version: 2, scenarios: [] });
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: a QuotaExceededError from setItem is reported (Save, and the last scenario once).
test('a full storage is reported when saving and when keeping the last scenario', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity');
  try {
    await app.page.waitForTimeout(600);
    await app.page.evaluate(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await openSaved(app);
    await app.testid('save-name').fill('Too much');
    await app.testid('save-scenario').click();
    const msg = app.page.locator('.sm-saved-msg');
    assert.match(await msg.innerText(), /storage for the page is full: “Too much” was not saved/);
    assert.equal(await app.testid('saved-list').locator('li').count(), 0);

    // Typing changes the last scenario; its refused write is reported once, not per keystroke.
    await app.type('peak', '7');
    await app.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="notice"]')].some((n) => /will not reopen/.test(n.innerText)),
    );
    await app.type('peak', '8');
    await app.page.waitForTimeout(800);
    const notices = (await noticeTexts(app)).filter((t) => /will not reopen/.test(t));
    assert.equal(notices.length, 1, notices.join('\n'));
    assert.match(notices[0], /storage for the page is full/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: Download writes the golden file the CLI test reads; Open restores it; bad files say why.
test('a scenario file round-trips through Download and Open; the CLI test reads the same bytes', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=parallel-running&users=10k,1m');
  try {
    await openSaved(app);
    await app.testid('save-name').fill('Two versions');
    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      app.testid('download-scenario').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'scalemap-two-versions.json');
    const file = path.join(ARTIFACTS_DIR, 'scalemap-two-versions.json');
    await download.saveAs(file);
    assert.equal(await readFile(file, 'utf8'), await readFile(GOLDEN, 'utf8'));

    await app.goto('?preset=maturity');
    assert.equal(await app.testid('preset-select').inputValue(), 'maturity');
    await openSaved(app);
    await app.testid('open-scenario-file').setInputFiles(file);
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="cell-service_instances-1"]')?.innerText.trim() === '667',
    );
    assert.equal(await app.testid('preset-select').inputValue(), 'parallel-running');
    assert.match(await app.page.locator('.sm-saved-msg').innerText(), /Opened “Two versions”/);
    const q = await app.waitForQuery((s) => s.includes('preset=parallel-running'));
    assert.match(q, /users=10k,1m/);

    // A file that is not a scenario file changes nothing and says why.
    await app.testid('open-scenario-file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"scalemap-scenario","version":1,"name":"x"}'),
    });
    await app.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="notice"]')].some((n) => /notes\.json/.test(n.innerText)),
    );
    const bad = (await noticeTexts(app)).find((t) => /notes\.json/.test(t));
    assert.match(bad, /“notes\.json” was not opened: .*missing field `query`/);
    assert.equal(await app.testid('preset-select').inputValue(), 'parallel-running');

    // A file whose link holds a value that cannot be used opens with the link's notice.
    await app.testid('open-scenario-file').setInputFiles({
      name: 'typo.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"scalemap-scenario","version":1,"name":"Typo","query":"?v=1&preset=migration&peak=lots"}'),
    });
    await app.page.waitForFunction(() => document.querySelector('[data-testid="preset-select"]')?.value === 'migration');
    const typo = await noticeTexts(app);
    assert.ok(typo.some((t) => /Peak-to-average factor: “lots” is not a number/.test(t)), typo.join('\n'));
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    // Guards: the saved-scenarios panel with Download/Open fits at both widths and themes.
    test(`saved panel with scenario files, screenshot ${name} ${colorScheme}`, async () => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=migration', { width, height, colorScheme });
      try {
        await openSaved(app);
        await app.testid('save-scenario').click();
        const panel = app.page.locator('.sm-saved-panel');
        const box = await panel.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `panel inside the viewport: ${JSON.stringify(box)}`);
        for (const id of ['download-scenario', 'open-scenario']) {
          const b = await app.testid(id).boundingBox();
          assert.ok(b && b.x >= box.x && b.x + b.width <= box.x + box.width + 0.5, `${id} inside the panel`);
        }
        await screenshot(app.page, `storage-panel-${name}-${colorScheme}`);
        assert.deepEqual(app.errors.all(), []);
      } finally {
        await app.close();
      }
    });
  }
}
