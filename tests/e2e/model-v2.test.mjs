// Model v2 in the page (issue "Model v2"): the report downloads (from the Day page) as the
// CLI's JSON, a format-1 link opens migrated, per-month counts reach the table, and each preset's
// table compares the page's bottleneck with the computed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './support/site.mjs';
import { DayPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/model-v2/');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The CLI's JSON for `query`, from the debug binary `cargo test` built (scripts/test.sh runs
 * it before the browser tests; alone, run `cargo build --bin scalemap` first). */
function cliJson(query) {
  const bin = path.join(root, 'target/debug/scalemap');
  return execFileSync(bin, ['--format', 'json', query], { encoding: 'utf8' });
}

// Guards: "Download JSON" (on the Day page, which computes latency) saves the report as serde
// JSON with the documented version keys, the growth page's figures and latency, and the bytes
// are the CLI's for the same link.
for (const query of ['?v=2&preset=parallel-running&users=10k,1m', '?v=2&preset=maturity&slo_ms=50&day=two']) {
  test(`the report downloads as the CLI prints it: ${query}`, async () => {
    const day = await DayPage.open(site.browser, site.server.url, query);
    const growth = await ScalemapPage.open(site.browser, site.server.url, query);
    try {
      const button = day.testid('download-json');
      await button.waitFor();
      const [dl] = await Promise.all([day.page.waitForEvent('download'), button.click()]);
      const preset = /preset=([a-z-]+)/.exec(query)[1];
      assert.equal(dl.suggestedFilename(), `scalemap-${preset}.json`);
      const text = readFileSync(await dl.path(), 'utf8');
      const json = JSON.parse(text);
      assert.equal(json.schema_version, 1);
      assert.equal(json.format_version, 3);
      const cell = (await growth.testid('cell-service_instances-0').innerText()).trim();
      assert.equal(String(json.stages[0].service_instances.toLocaleString('en-US')), cell, "the growth page's figure");
      assert.ok(json.stages.every((st) => typeof st.latency_p99_ms === 'number'), 'latency computed for every stage');
      assert.equal(text, cliJson(query), "the page's bytes are the CLI's");
      assert.deepEqual(day.errors.all(), []);
    } finally {
      await day.close();
      await growth.close();
    }
  });
}

// Guards: a format-1 link opens with the same sized figures (conc became persist, hold_s 0) and
// the page rewrites it in the current format (3).
test('a format-1 link opens migrated', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=1&preset=maturity&conc=20');
  try {
    await app.testid('cell-service_instances-0').waitFor();
    await app.page.waitForFunction(() => location.search.includes('v=3'));
    const search = await app.page.evaluate(() => location.search);
    assert.match(search, /persist=20/);
    assert.match(search, /hold_s=0/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: a format-2 link with a weight of 0 sizes what it sized (format 2 read it as 0.001):
// the notice names it and what changed, the link is rewritten with 0.001, and the diagram's
// gateway still sends Auth its sliver of client requests; in format 3 the same 0 makes Auth
// internal, which its box says.
test('a format-2 weight of 0 opens as it did', async () => {
  const services = 'Web:1:Auth+Orders,Auth:0,Orders:2:Auth';
  const app = await ScalemapPage.open(site.browser, site.server.url, `?v=2&users=10k&services=${services}`);
  try {
    await app.testid('notices').getByText(/Auth: weight 0 is outside 0\.001 to 1,000,000; used 0\.001\. Format 2 links took weights from 0\.001/).waitFor();
    await app.page.waitForFunction(() => location.search.includes('v=3') && location.search.includes('Auth:0.001'));
    await app.testid('diagram-0').locator('svg').first().waitFor({ state: 'attached' });
    assert.equal(await app.testid('diagram-0').locator('svg text', { hasText: 'internal: only calls reach it' }).count(), 0);
    await app.goto(`?v=3&users=10k&services=${services}`);
    await app.testid('diagram-0').locator('svg text', { hasText: 'internal: only calls reach it' }).first().waitFor({ state: 'attached' });
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
