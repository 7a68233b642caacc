// Ranges, not guesses (issue 18), on its own page (ranges/): a range typed into a field reaches
// the link and the bands table, the growth chart draws the bands, the tornado renders and
// switches figure and stage, the preset's own ranges are one click away, the growth page names
// a range it cannot band, and screenshots at two widths in both themes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useSite } from './support/site.mjs';
import path from 'node:path';
import { screenshot, ARTIFACTS_DIR } from './support/browser.mjs';
import { RangesPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/scalemap/');

function openRanges(query, opts) {
  return RangesPage.open(site.browser, site.server.url, query, opts);
}

test('a range typed into a field reaches the link, and the table shows its bands', async () => {
  const app = await openRanges('?preset=architecture');
  try {
    await app.bandsDone();
    // No range yet: every band is a single value.
    assert.match(await app.testid('ranges-given').textContent(), /No input is a range yet/);
    assert.match(await app.bandRow('monthly_cost'), /no spread/);
    await app.type('rpu', '20..40');
    await app.waitForQuery((q) => q.includes('rpu=20..40'));
    assert.match(await app.query(), /rpu=20\.\.40/);
    await app.page.waitForFunction(() => /Requests per active user: 20\.\.40/.test(document.querySelector('[data-testid="ranges-given"]')?.textContent || ''));
    await app.bandsDone();
    // The point value is the midpoint; each stage's cost now has a band around it.
    assert.match(await app.testid('ranges-given').textContent(), /point value 30/);
    const cost = await app.bandRow('monthly_cost');
    assert.doesNotMatch(cost, /no spread/);
    assert.match(cost, /p10 \$[\d.,]+[KMB]? · p50 \$[\d.,]+[KMB]? · p90 \$[\d.,]+[KMB]?/);
    assert.match(await app.bandRow('bottleneck'), /in the samples: /);
    assert.equal(await app.fieldError('rpu').count(), 0);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the growth chart draws a band per metric, and the tornado ranks the range', async () => {
  const app = await openRanges('?preset=architecture&rpu=20..40&db_read=2k..3k..5k');
  try {
    await app.bandsDone();
    const chart = app.testid('band-chart').locator('svg').first();
    await chart.waitFor();
    assert.equal(await chart.locator('path.smr-band').count(), 4);
    assert.match(await chart.locator('desc').textContent(), /10th to the 90th percentile of 200 samples/);
    const tornado = app.testid('tornado').locator('svg').first();
    await tornado.waitFor();
    assert.ok((await tornado.locator('rect.smc-lo').count()) >= 3);
    assert.match(await tornado.textContent(), /Requests per active user: 20 req → 40 req \(range\)/);
    // The other figure, and another stage.
    await app.testid('watch-headroom').click();
    await app.page.waitForFunction(() => /First bottleneck's headroom/.test(document.querySelector('[data-testid="tornado"] svg')?.textContent || ''));
    await app.testid('tornado-stages').locator('button').first().click();
    await app.page.waitForFunction(() => /at 100 users/.test(document.querySelector('[data-testid="tornado"] svg desc')?.textContent || ''));
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: "Download JSON" on the Ranges page saves the report with its bands, shares and
// sensitivity, the same bytes `scalemap --format json --samples 200` prints for the link.
test('the bands download as the CLI prints them', async () => {
  const query = '?v=2&preset=db-per-service&db_read=5k..10k&hit=30..50';
  const app = await openRanges(query);
  try {
    await app.bandsDone();
    const button = app.testid('download-bands-json');
    const [dl] = await Promise.all([app.page.waitForEvent('download'), button.click()]);
    assert.equal(dl.suggestedFilename(), 'scalemap-db-per-service-bands.json');
    const text = readFileSync(await dl.path(), 'utf8');
    const json = JSON.parse(text);
    assert.equal(json.samples, 200);
    assert.equal(json.ranges.length, 2);
    assert.ok(json.stages.every((st) => st.bands.monthly_cost.p10 <= st.bands.monthly_cost.p90));
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const cli = execFileSync(path.join(root, 'target/debug/scalemap'), ['--format', 'json', '--samples', '200', query], { encoding: 'utf8' });
    assert.equal(text, cli, "the page's bytes are the CLI's");
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('the growth chart with bands draws the metrics the link names', async () => {
  const app = await openRanges('?preset=architecture&rpu=20..40&metrics=peak_rps,monthly_cost');
  try {
    await app.bandsDone();
    const chart = app.testid('band-chart').locator('svg').first();
    await chart.waitFor();
    assert.equal(await chart.locator('path.smr-band').count(), 2);
    assert.equal(await chart.locator('path.smr-band-monthly_cost').count(), 1);
    assert.match(await chart.locator('desc').textContent(), /Peak requests: .*Monthly cost: /);
  } finally {
    await app.close();
  }
});

test("the preset's own ranges are one click away, and the tabs carry them", async () => {
  const app = await openRanges('?preset=db-per-service');
  try {
    await app.testid('use-seed-ranges').click();
    const q = await app.waitForQuery((s) => s.includes('hit=30..50'));
    assert.match(q, /db_read=5k\.\.10k/);
    await app.bandsDone();
    assert.match(await app.testid('ranges-given').textContent(), /2 input\(s\) given as ranges/);
    // The growth page gets the link, and says what it does with a range.
    const tab = app.testid('page-tab');
    assert.equal(await tab.textContent(), '← Growth');
    await tab.click();
    await app.page.waitForURL(/\/course\/scalemap\/\?/);
    const growth = new ScalemapPage(app.page, site.server.url);
    await growth.ready();
    const notices = await app.page.locator('.sm-notices').textContent();
    assert.match(notices, /“hit=30\.\.50” is a range; this page computes with its point value/);
    assert.equal(await growth.testid('page-tab-2').textContent(), 'Ranges →');
  } finally {
    await app.close();
  }
});

test('a range that cannot be read is named, with the value used instead', async () => {
  const app = await openRanges('?preset=architecture&rpu=40..20');
  try {
    assert.match(await app.fieldError('rpu').textContent(), /“40\.\.20” is out of order: write low\.\.high or low\.\.likely\.\.high; used 0\.1 req/);
    assert.match(await app.testid('ranges-given').textContent(), /No input is a range yet/);
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`ranges screenshot ${name} ${colorScheme}`, async () => {
      const app = await openRanges('?preset=architecture&rpu=20..40&db_read=2k..3k..5k', { width, height, colorScheme });
      try {
        await app.bandsDone();
        await app.testid('tornado').locator('svg').first().waitFor();
        const wide = await app.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `no sideways scroll (${wide} > ${width})`);
        await screenshot(app.page, `ranges-${name}-${colorScheme}`);
        await app.page.locator('#sm-tornado').screenshot({ path: path.join(ARTIFACTS_DIR, `ranges-tornado-${name}-${colorScheme}.png`) });
      } finally {
        await app.close();
      }
    });
  }
}
