// The foundation issue's browser test: a share link for each preset opens to the page's seed
// figure; editing an input changes the table and the URL (without a history entry per
// keystroke); a reload restores the same state; bad input is named, not lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const site = useSite('/courses/systems/scalemap/');

// Each seed page's figure, as the table shows it (core::format rounds for people).
const SEEDS = [
  { query: '?preset=maturity', row: 'avg_rps', stage: 2, text: '100K req/s' },
  { query: '?preset=architecture&users=10k', row: 'peak_rps', stage: 0, text: '5,000 req/s' },
  { query: '?preset=migration&users=1m', row: 'avg_rps', stage: 0, text: '116 req/s' },
  { query: '?preset=db-per-service&users=1m', row: 'avg_rps', stage: 0, text: '10K req/s' },
  { query: '?preset=parallel-running&users=10k,1m', row: 'service_instances', stage: 1, text: '667' },
];

for (const seed of SEEDS) {
  test(`share link ${seed.query} shows the seed figure ${seed.text}`, async () => {
    const app = await ScalemapPage.open(site.browser, site.server.url, seed.query);
    try {
      assert.equal(await app.cellText(seed.row, seed.stage), seed.text);
      assert.equal(await app.testid('preset-select').inputValue(), new URLSearchParams(seed.query).get('preset'));
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

test('editing an input updates the table and the URL; a reload restores it', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=parallel-running&users=10k,1m');
  try {
    assert.equal(await app.cellText('service_instances', 0), '7');
    const historyBefore = await app.page.evaluate(() => history.length);
    await app.type('inst_conns', '1000');
    // 10,000 users × 2 versions ÷ 1,000 connections = 20 servers.
    await app.page.waitForFunction(() => document.querySelector('[data-testid="cell-service_instances-0"]')?.innerText.trim() === '20');
    const q = await app.waitForQuery((s) => s.includes('inst_conns=1000'));
    assert.match(q, /preset=parallel-running/);
    assert.match(q, /users=10k,1m/);
    assert.match(q, /inst_conns=1000/);
    assert.equal(await app.page.evaluate(() => history.length), historyBefore, 'typing adds no history entries');
    await app.page.reload({ waitUntil: 'load' });
    await app.ready();
    await app.reveal('inst_conns');
    assert.equal(await app.input('inst_conns').inputValue(), '1000');
    assert.equal(await app.cellText('service_instances', 0), '20');
    await screenshot(app.page, 'foundation-edited-desktop');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

test('a value that cannot be read is named, the default is used, and the text is kept', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture&users=10k');
  try {
    await app.type('peak', 'abc');
    const msg = app.fieldError('peak');
    await msg.waitFor();
    assert.match(await msg.innerText(), /Peak-to-average factor: “abc” is not a number; used 5×/);
    assert.equal(await app.cellText('peak_rps', 0), '5,000 req/s', 'the preset value is used');
    const q = await app.waitForQuery((s) => s.includes('peak=abc'));
    assert.match(q, /peak=abc/, 'what was typed stays in the link');
    await app.page.reload({ waitUntil: 'load' });
    await app.ready();
    assert.equal(await app.input('peak').inputValue(), 'abc');
    await app.fieldError('peak').waitFor();
  } finally {
    await app.close();
  }
});

test('a broken link opens anyway and names every value it could not use', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=1&preset=nope&peak=abc&zzz=1&users=10k');
  try {
    const notices = app.testid('notices');
    await notices.waitFor();
    const text = await notices.innerText();
    assert.match(text, /no preset “nope”/);
    assert.match(text, /unknown parameter “zzz”/);
    assert.equal(await app.cellText('avg_rps', 0), '1,000 req/s');
  } finally {
    await app.close();
  }
});

test('every figure explains itself on focus', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=parallel-running&users=10k');
  try {
    await app.cell('service_instances', 0).focus();
    const pop = app.testid('explain');
    await pop.waitFor();
    assert.match(await pop.innerText(), /7/);
    await app.page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden' });
  } finally {
    await app.close();
  }
});

// Guards: the table highlights the bottleneck's cells only once it works at half its capacity
// or more, as the diagrams grade their tag (at 100 users it is 3%: the busiest of idle parts).
test('the bottleneck is highlighted in the table only from half of its capacity', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture');
  try {
    const seen = { hot: 0, calm: 0 };
    for (let i = 0; i < 4; i++) {
      const text = await app.cellText('bottleneck', i);
      const m = /([\d.]+)%/.exec(text);
      assert.ok(m, `stage ${i}: a percentage in "${text}"`);
      const hot = await app.cell('bottleneck', i).evaluate((el) => el.closest('td').classList.contains('sm-hot'));
      assert.equal(hot, Number(m[1]) >= 50, `stage ${i}: "${text}" highlighted: ${hot}`);
      seen[hot ? 'hot' : 'calm'] += 1;
    }
    assert.ok(seen.hot > 0 && seen.calm > 0, `both kinds of stage in the preset: ${JSON.stringify(seen)}`);
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`screenshot ${name} ${colorScheme}`, async () => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture', { width, height, colorScheme });
      try {
        assert.equal(await app.cellText('users', 3), '100M');
        await screenshot(app.page, `foundation-${name}-${colorScheme}`);
      } finally {
        await app.close();
      }
    });
  }
}
