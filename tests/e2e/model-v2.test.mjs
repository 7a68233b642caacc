// Model v2 in the page (issue "Model v2"): the report downloads as the CLI's JSON, a format-1
// link opens migrated, per-month counts and the new parameters reach the table, and each
// preset's table compares the page's bottleneck with the computed one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './support/site.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/model-v2/');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The CLI's JSON for `query`, from the debug binary `cargo test` built, when it is there. */
function cliJson(query) {
  const bin = path.join(root, 'target/debug/scalemap');
  try {
    return execFileSync(bin, ['--format', 'json', query], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

// Guards: "Download JSON" saves the report as serde JSON with the documented version keys and
// the table's figures; where the CLI binary is built, the bytes are the CLI's.
test('the report downloads as the CLI prints it', async () => {
  const query = '?v=2&preset=parallel-running&users=10k,1m';
  const app = await ScalemapPage.open(site.browser, site.server.url, query);
  try {
    await app.testid('download-json').waitFor();
    const [dl] = await Promise.all([app.page.waitForEvent('download'), app.testid('download-json').click()]);
    assert.match(dl.suggestedFilename(), /^scalemap-parallel-running\.json$/);
    const text = readFileSync(await dl.path(), 'utf8');
    const json = JSON.parse(text);
    assert.equal(json.schema_version, 1);
    assert.equal(json.format_version, 2);
    assert.equal(json.stages[0].service_instances, 7, "the page's 7 servers at 10K users");
    assert.equal(json.stages[1].service_instances, 667);
    const cell = (await app.testid('cell-service_instances-0').innerText()).trim();
    assert.equal(cell, '7');
    const cli = cliJson(query);
    if (cli !== null) assert.equal(text, cli);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

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
