// What changes, and what to do first (issue 15 §1), on the Learn page (`learn/`): each stage's
// scaling plan (the changes since the previous stage, each with the figure that forced it), each
// preset's Self Check answered by the model (a traffic × 10 what-if, its steps in order with
// their numbers) beside the page's answer, above the stage table and its breakpoints that end
// (the list says so, the stage columns agree); the growth page links to it with the scenario.
// The what-if with any factor is the CLI's (`--what-if N`: tests/plan.rs and tests/cli.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS_DIR } from './support/browser.mjs';
import { LearnPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/plan/');

const PRESETS = ['maturity', 'architecture', 'migration', 'db-per-service', 'parallel-running'];

/** The Self Check's lines: its title, the page's answer, the model's. */
async function selfCheck(app) {
  const list = app.testid('self-check');
  await list.locator('li.sm-plan-head').waitFor();
  return list.locator('li').allInnerTexts();
}

// Guards: every preset poses its page's Self Check, shows the page's answer and the model's own
// answer beside it: one database node of 1,000 QPS, the largest user count it serves alone, then
// traffic × 10 with the ordered steps, each with its user count and factor.
test('the Self Check is answered for each preset', async (t) => {
  const app = await LearnPage.open(site.browser, site.server.url, '', { width: 1280, height: 900 });
  try {
    for (const preset of PRESETS) {
      await app.goto(`?preset=${preset}`);
      const [head, page, model] = await selfCheck(app);
      assert.match(head, /^Self Check: Your database handles 1000 QPS\. Traffic grows 10x.*What do you do first/, `${preset}: the page's question`);
      assert.match(page, /^The page: \S+/, `${preset}: the page's answer`);
      assert.match(model, /^Scalemap: One database node \(1,000 reads and 1,000 writes a second\) is enough alone up to [\d,]+ users, where it answers [\d,]+ reads and [\d,]+ writes a second at peak\. Traffic ×10 from there:/, `${preset}: the situation`);
      assert.match(model, /First: [A-Z][^;]* at [\d,]+ users \(×[\d.]+\)(; then .+)?\.$/, `${preset}: the steps with their numbers`);
      t.diagnostic(`${preset}: ${model}`);
    }
    // Where the model agrees with the pages: a cache and replicas before any sharding.
    await app.goto('?preset=architecture');
    const model = (await selfCheck(app))[2];
    const at = (what) => model.indexOf(what);
    assert.ok(at('First: Cache at') >= 0 && at('First read replica at') > at('Cache at'), model);
    if (at('Sharding') >= 0) assert.ok(at('Sharding') > at('First read replica'), model);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: a breakpoint that ends: the maturity preset's cache is needed from 2,351 users and not
// from 10,000 (each service gets its own database); the list says so and the stage columns agree.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`a breakpoint that ends, and the Self Check, at ${width} px`, async () => {
    const app = await LearnPage.open(site.browser, site.server.url, '?preset=maturity', { width, height });
    try {
      await selfCheck(app);
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

// Guards: counts read as people write them: a breakpoint at one user says "1 user".
test('a breakpoint at one user reads "1 user"', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=300&inst_rps=10');
  try {
    const list = app.testid('breakpoints');
    await list.locator('li').first().waitFor();
    const texts = await list.locator('li').allInnerTexts();
    const one = texts.find((t) => /needed from 1 user/.test(t));
    assert.ok(one, `a breakpoint at 1 user in ${JSON.stringify(texts)}`);
    assert.doesNotMatch(one, /1 users/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the scaling plan under the breakpoints: each stage lists the changes since the previous
// one, in order, each with the figure that forced it (the CLI's --plan), behind a summary line.
test('each stage shows its scaling plan', async () => {
  const app = await LearnPage.open(site.browser, site.server.url, '?v=2&preset=maturity', { width: 1280, height: 900 });
  try {
    const cell = app.testid('plan-1');
    const summary = cell.locator('summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /^10K users: \d+ changes?: .*Cache/);
    await summary.click();
    const items = await cell.locator('li').allInnerTexts();
    assert.ok(items.length >= 2, JSON.stringify(items));
    for (const item of items) assert.match(item, /^[\d,]+ users: .+\. .*(capacity|users|limit)/);
    assert.match(items.join('\n'), /Cache no longer needed/, "the maturity cache ends at 10K");
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the growth page keeps the stage table and breakpoints and links to the Learn page with
// the scenario (its values, not its view options); the Learn page opens to the same scenario
// with the plan and the Self Check, and links back.
test('the growth page links to the Learn page with the scenario', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&preset=maturity&users=1k,1m&theme=dark');
  try {
    assert.equal(await app.testid('self-check').count(), 0, 'the Self Check is on the Learn page');
    const link = app.testid('learn-link');
    const href = await link.getAttribute('href');
    assert.match(href, /^learn\/\?.*users=1k,1m/, href);
    await link.click();
    await app.page.waitForURL(/\/learn\//);
    await app.testid('self-check').locator('li.sm-plan-head').waitFor();
    assert.equal(await app.testid('plan-1').locator('summary').count(), 1, 'a plan for each of the two stages');
    assert.match(await app.testid('page-tab').getAttribute('href'), /^\.\.\/\?/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
