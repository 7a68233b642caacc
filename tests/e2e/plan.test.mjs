// What changes, and what to do first (issue 15 §1) on the page: breakpoints that end (the list
// says so, the stage columns agree). The Self Check answered by the model, the scaling plan per
// stage and the what-if with any factor are the CLI's (`--plan`, `--what-if N`: tests/plan.rs and
// tests/cli.rs); the page has no room for them under its 300 KiB ceiling yet (the Self Check alone
// took it to 300.7 KiB).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS_DIR } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/course/plan/');

// Guards: a breakpoint that ends: the maturity preset's cache is needed from 2,351 users and not
// from 10,000 (each service gets its own database); the list says so and the stage columns agree.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`a breakpoint that ends, at ${width} px`, async () => {
    const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=maturity', { width, height });
    try {
      await app.testid('breakpoints').waitFor();
      const items = await app.testid('breakpoints').locator('li').allInnerTexts();
      const cache = items.find((l) => l.startsWith('Cache'));
      assert.match(cache, /needed from 2,351 users; not needed from 10,000 users; again from 50,001 users/);
      assert.equal(await app.cellText('cache_nodes', 1), '—', 'no cache at the 10K stage');
      assert.notEqual(await app.cellText('cache_nodes', 2), '—', 'a cache again at 1M');
      assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll');
      await app.testid('breakpoints').scrollIntoViewIfNeeded();
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await app.page.screenshot({ path: path.join(ARTIFACTS_DIR, `plan-${width}.png`) });
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}
