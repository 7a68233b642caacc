// A day of traffic (issue 17), on its own page (day/): it draws the stage's day, the tabs carry
// the scenario between the two pages, an event typed in its field reaches the link and the
// chart, the readout follows the pointer and the keyboard, and the day downloads as CSV, SVG
// and PNG. Screenshots at two widths in both themes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSite } from './support/site.mjs';
import path from 'node:path';
import { screenshot, ARTIFACTS_DIR } from './support/browser.mjs';
import { DayPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/scalemap/');

/** Opens the Day page at `query`; returns the page object. */
function openDay(query, opts) {
  return DayPage.open(site.browser, site.server.url, query, opts);
}

test('the Day page draws three panels for the stage it shows, the last by default', async () => {
  const app = await openDay('?preset=architecture');
  try {
    const svg = app.testid('day-chart').locator('svg').first();
    assert.equal(await svg.locator('.smc-title').count(), 3);
    assert.equal(await app.testid('stage-table').count(), 0, 'the Day page has no stage table');
    const summary = await app.testid('day-summary').textContent();
    assert.match(summary, /Requests in the day/);
    assert.match(summary, /Provisioned for the peak/);
    // The last stage is shown by default; the stepper picks another.
    assert.match(await app.testid('day-stage').textContent(), /Stage 4 of 4: 100M users/);
    assert.match(await svg.locator('title').first().textContent(), /100,000,000 users/);
    await app.testid('day-prev').click();
    await app.page.waitForFunction(() => /10,000,000|1,000,000 users/.test(document.querySelector('[data-testid="day-chart"] svg title')?.textContent || ''));
    assert.match(await app.testid('day-stage').textContent(), /Stage 3 of 4: 1M users/);
    assert.notEqual(await app.testid('day-summary').textContent(), summary);
    // The day's own fields are in its inputs panel.
    assert.equal(await app.input('day').count(), 1);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the tabs carry the scenario between the growth page and the Day page', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=migration&peak=4');
  try {
    assert.equal(await app.input('day').count(), 0, 'no day fields on the growth page');
    const tab = app.testid('page-tab');
    assert.equal(await tab.textContent(), 'A day of traffic →');
    assert.match(await tab.getAttribute('href'), /^day\/\?.*preset=migration.*peak=4/);
    await tab.click();
    await app.page.waitForURL(/\/course\/scalemap\/day\/\?/);
    await app.testid('day-chart').locator('svg').first().waitFor();
    assert.match(await app.page.locator('.sm-summary').textContent(), /./);
    // Back, with what was changed on the Day page.
    await app.type('events', 'spike:x3@12h/30m');
    await app.waitForQuery((s) => s.includes('events=spike:x3@12h/30m'));
    const back = app.testid('page-tab');
    assert.equal(await back.textContent(), '← Growth');
    await app.page.waitForFunction(() => /events=spike/.test(document.querySelector('[data-testid="page-tab"]')?.getAttribute('href') || ''));
    await back.click();
    await app.page.waitForURL(/\/course\/scalemap\/\?.*events=spike/);
    await app.testid('stage-table').waitFor();
    assert.match(await app.page.url(), /peak=4/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the Day page embeds, naming the growth page\'s view options it does not use', async () => {
  const app = await openDay('?preset=migration&embed=1&view=chart&ro=1');
  try {
    assert.equal(await app.testid('day-chart').locator('svg').count(), 1, 'the day is drawn');
    assert.equal(await app.page.locator('.sm-embed-inputs').count(), 0, 'read-only: no inputs');
    await app.testid('notices').getByText('“view=chart” chooses a part of the growth page').waitFor();
    assert.match(await app.testid('open-in-scalemap').getAttribute('href'), /^\?.*preset=migration/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('an event typed in the Day view reaches the link and the chart', async () => {
  const app = await openDay('?preset=architecture');
  try {
    const before = await app.testid('day-chart').locator('svg').first().innerHTML();
    assert.equal(await app.testid('day-chart').locator('svg .smc-ev').count(), 0);
    await app.type('events', 'spike:x5@18h/20m');
    const q = await app.waitForQuery((s) => s.includes('events=spike:x5@18h/20m'));
    assert.match(q, /events=spike:x5@18h\/20m/);
    await app.page.waitForFunction(
      (old) => document.querySelector('[data-testid="day-chart"] svg')?.innerHTML !== old,
      before,
    );
    const svg = app.testid('day-chart').locator('svg').first();
    assert.equal(await svg.locator('.smc-ev').count(), 3, 'the spike is shaded in each panel');
    assert.match(await svg.textContent(), /spike ×5/);
    assert.match(await app.testid('day-summary').textContent(), /Requests refused/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the readout follows the pointer and the keyboard', async () => {
  const app = await openDay('?preset=architecture&events=spike:x5@18h/20m');
  try {
    const chart = app.testid('day-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    assert.ok(box);
    await app.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    await app.page.waitForFunction(() => /\d+:\d\d/.test(document.querySelector('[data-testid="day-readout"]')?.textContent || ''));
    assert.match(await app.testid('day-readout').textContent(), /Requests.*Instances.*p99/s);
    // Keyboard: focus starts at midnight; End goes to 23:59.
    await chart.focus();
    await app.page.keyboard.press('Home');
    await app.page.waitForFunction(() => /0:00/.test(document.querySelector('[data-testid="day-readout"]')?.textContent || ''));
    await app.page.keyboard.press('End');
    await app.page.waitForFunction(() => /23:59/.test(document.querySelector('[data-testid="day-readout"]')?.textContent || ''));
    await app.page.keyboard.press('ArrowLeft');
    await app.page.waitForFunction(() => /23:58/.test(document.querySelector('[data-testid="day-readout"]')?.textContent || ''));
    assert.equal(await chart.locator('svg .smc-curd').count() > 0, true, 'the cursor is drawn');
    // The day as a table: folded and not built until opened; opened, it lists the spike's
    // minute, and it follows a change of the day while open.
    const table = app.testid('day-table');
    assert.equal(await table.locator('table').count(), 0, 'a folded table is not built');
    await table.locator('summary').click();
    assert.match(await table.locator('table').textContent(), /18:00/);
    const before = await table.locator('table').textContent();
    // (Its field sits in a folded group: set as the bench does, value and `change`.)
    await app.testid('input-autoscale').evaluate((el) => {
      el.value = 'off';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await app.page.waitForFunction((b) => document.querySelector('[data-testid="day-table"] table')?.textContent !== b, before);
    await table.locator('summary').click();
    // `toggle` is dispatched as a task of its own: wait for the table to go.
    await table.locator('table').waitFor({ state: 'detached' });
    assert.equal(await table.locator('table').count(), 0, 'folding it again drops it');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the day downloads as CSV, SVG and PNG', async () => {
  const app = await openDay('?preset=architecture');
  try {
    const grab = async (id) => {
      const [dl] = await Promise.all([app.page.waitForEvent('download'), app.testid(id).click()]);
      return dl;
    };
    const csv = await grab('day-csv');
    assert.match(csv.suggestedFilename(), /day\.csv$/);
    const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'minute,time,rps,instances,utilization,p99_ms,over_target,dropped,backlog');
    assert.equal(lines.length, 1 + 1440);
    const svg = await grab('day-svg');
    assert.match(readFileSync(await svg.path(), 'utf8'), /^<svg[^>]*id="sm-day-chart"/);
    const png = await grab('day-png');
    assert.match(png.suggestedFilename(), /day\.png$/);
    const bytes = readFileSync(await png.path());
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`day screenshot ${name} ${colorScheme}`, async () => {
      const app = await openDay('?preset=architecture&events=spike:x5@18h/20m', { width, height, colorScheme });
      try {
        const chart = app.testid('day-chart');
        await chart.scrollIntoViewIfNeeded();
        const box = await chart.boundingBox();
        await app.page.mouse.move(box.x + box.width * 0.76, box.y + box.height * 0.3);
        await app.page.waitForFunction(() => /\d+:\d\d/.test(document.querySelector('[data-testid="day-readout"]')?.textContent || ''));
        await screenshot(app.page, `day-${name}-${colorScheme}`);
        // The card alone, to look at without the rest of the page.
        await app.page.locator('#sm-day').screenshot({ path: path.join(ARTIFACTS_DIR, `day-card-${name}-${colorScheme}.png`) });
      } finally {
        await app.close();
      }
    });
  }
}
