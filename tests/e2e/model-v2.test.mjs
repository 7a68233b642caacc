// Model v2 in the page (issue "Model v2"): a format-1 link opens migrated, per-month counts reach
// the table, and each preset's table compares the page's bottleneck with the computed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/model-v2/');

// Guards: a format-1 link opens with the same sized figures (conc became persist, hold_s 0) and
// the page rewrites it as format 2.
test('a format-1 link opens migrated', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=1&preset=maturity&conc=20');
  try {
    await app.testid('cell-service_instances-0').waitFor();
    await app.page.waitForFunction(() => location.search.includes('v=2'));
    const search = await app.page.evaluate(() => location.search);
    assert.match(search, /persist=20/);
    assert.match(search, /hold_s=0/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: requests per month under the System Design Primer's month give its rates in the table.
test('requests per month reach the table', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=1m&rpu=100&per=month&month=2.5m');
  try {
    const cell = app.testid('cell-avg_rps-0');
    await cell.waitFor();
    assert.equal((await cell.innerText()).trim(), '40 req/s');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: every preset's table says how the page's bottleneck compares with the computed one.
test('each stage compares the page with the computed bottleneck', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&preset=architecture');
  try {
    const check = app.testid('page-check-1');
    await check.waitFor();
    assert.match(await check.innerText(), /^Scalemap agrees: Database/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
