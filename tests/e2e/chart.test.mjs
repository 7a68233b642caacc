// Growth curves in the page (issue: growth curves): the chart appears, follows an input, and
// its readout at a stage's user count shows the model's value from the table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/chart/');

test('the chart appears and follows an input', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture');
  try {
    const svg = app.testid('chart').locator('svg').first();
    await svg.waitFor();
    const before = await svg.innerHTML();
    await app.type('rpu', '0.5');
    await app.page.waitForFunction(
      (old) => document.querySelector('[data-testid="chart"] svg')?.innerHTML !== old,
      before,
    );
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test("pointing at a stage's guide shows the model's values there", async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture');
  try {
    const chart = app.testid('chart');
    await chart.locator('svg').first().waitFor();
    // The second stage (10K users): its dashed guide in the first panel.
    const guide = chart.locator('svg .smc-stg').nth(1);
    await guide.scrollIntoViewIfNeeded();
    const box = await guide.boundingBox();
    assert.ok(box, 'stage guide is drawn');
    await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = app.testid('chart-readout');
    await app.page.waitForFunction(() => /10K/.test(document.querySelector('[data-testid="chart-readout"]')?.textContent || ''));
    const text = await readout.textContent();
    const instances = await app.cellText('service_instances', 1);
    assert.ok(text.includes(instances), `readout "${text}" shows the table's ${instances} service instances`);
    const cost = (await app.cellText('cost_total', 1)).replace('/mo', '');
    assert.ok(text.includes(cost), `readout "${text}" shows the table's monthly cost ${cost}`);
    await screenshot(app.page, 'chart-readout-desktop');
  } finally {
    await app.close();
  }
});

test('the chart data downloads as CSV', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity');
  try {
    await app.testid('chart').locator('svg').first().waitFor();
    const [dl] = await Promise.all([app.page.waitForEvent('download'), app.testid('download-csv').click()]);
    assert.match(dl.suggestedFilename(), /\.csv$/);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(await dl.path(), 'utf8').trim().split('\n');
    assert.match(csv[0], /^users,/);
    assert.ok(csv.length > 200, `${csv.length} rows`);
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`chart screenshot ${name} ${colorScheme}`, async () => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity', { width, height, colorScheme });
      try {
        await app.testid('chart').locator('svg').first().waitFor();
        await screenshot(app.page, `chart-${name}-${colorScheme}`);
      } finally {
        await app.close();
      }
    });
  }
}
