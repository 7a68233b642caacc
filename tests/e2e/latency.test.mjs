// Latency, availability and failure impact on the growth page (issue 13): the new rows, their
// derivations, `down=` from the picker and from a link, a value it cannot use, the diagrams'
// marking (what is down, each arrow's wait, the critical path on hover or focus, each
// component's availability) and the chart's p99 and downtime panels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { DayPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/latency/');

// The first-architecture page's example: Client → Gateway → A → B.
const SEED = '?v=2&users=1000&services=A:1:B,B:0.001';

// Guards: the latency and availability rows show computed figures (p50 below p99 in ms, a
// percentage, a duration, the failed share naming the failing services).
test('the latency and availability rows', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, `${SEED}&down=B`);
  try {
    await app.cell('availability', 0).waitFor();
    assert.match(await app.cellText('availability', 0), /^9\d(\.\d+)?%$/);
    assert.match(await app.cellText('downtime_s_per_month', 0), /^[\d.,]+ (s|min|h)$/);
    assert.equal(await app.cellText('failed_request_share', 0), '100% (A, B fail)');
    const ms = async (row) => Number((await app.cellText(row, 0)).match(/^([\d.]+) ms$/)?.[1]);
    const [p50, p99] = [await ms('latency_p50_ms'), await ms('latency_p99_ms')];
    assert.ok(p50 > 0 && p99 > p50, `p50 ${p50}, p99 ${p99}`);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the p99 explains itself (the parts, the critical path, what calls between services
// add); a synchronous call cycle shows no number, and says why.
test('the p99 explains itself, and a cycle has no number', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, SEED);
  try {
    await app.cell('latency_p99_ms', 0).focus();
    const pop = app.testid('explain');
    await pop.waitFor();
    const text = await pop.innerText();
    assert.match(text, /critical path A → B/);
    assert.match(text, /calls between services add [\d.]+ ms to the p99/);
    await app.page.keyboard.press('Escape');
    await app.goto('?v=2&users=1000&services=A:1:B,B:0.001:A');
    await app.cell('latency_p99_ms', 0).waitFor();
    assert.equal(await app.cellText('latency_p99_ms', 0), 'no limit: a call cycle');
    assert.match(await app.testid('notices').innerText(), /Call cycle: A → B → A/);
  } finally {
    await app.close();
  }
});

// Guards: the diagram writes each arrow's wait (a tooltip and the text description), marks the
// critical path (drawn thicker while the drawing is hovered), and each component's availability.
test('the diagram shows waits, the critical path and availability', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, SEED);
  try {
    const diagram = app.testid('diagram-0');
    await diagram.locator('svg').first().waitFor();
    const crit = diagram.locator('g.edge.crit');
    assert.equal(await crit.count(), 2, 'gateway → A → B');
    assert.match(await crit.first().locator('title').textContent(), /^API gateway → A: p99 [\d.]+ ms, p50 [\d.]+ ms$/);
    const width = () => crit.last().locator('path.line').evaluate((p) => getComputedStyle(p).strokeWidth);
    await app.page.mouse.move(0, 0);
    assert.equal(await width(), '1.5px');
    await diagram.locator('svg').first().hover();
    assert.equal(await width(), '3px', 'the critical path stands out on hover');
    await app.page.mouse.move(0, 0);
    await diagram.focus();
    assert.equal(await width(), '3px', 'and while the drawing has the focus');
    assert.match(await diagram.locator('g.node.gateway title').textContent(), /available 99[.\d]*%$/);
    const alt = await app.page.locator('.sm-dtext p').first().textContent();
    assert.match(alt, /A calls B \(p99 [\d.]+ ms, p50 [\d.]+ ms\)/);
    assert.match(alt, /Critical path of client requests: API gateway → A → B\./);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the chart plots p99 latency and downtime per month against users when the link asks.
test('the chart plots p99 latency and downtime', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&preset=maturity&metrics=latency_p99_ms,downtime_s_per_month');
  try {
    const chart = app.testid('chart').locator('svg').first();
    await chart.waitFor();
    const text = await chart.textContent();
    assert.match(text, /p99 latency \(ms\)/);
    assert.match(text, /Downtime per month/);
    assert.equal(await chart.locator('.smc-s-latency_p99_ms').count(), 1);
    assert.equal(await chart.locator('.smc-s-downtime_s_per_month').count(), 1);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the failed share explains itself: what is down, what fails with it and why.
test('the failed share explains itself', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, `${SEED}&down=B`);
  try {
    await app.cell('failed_request_share', 0).focus();
    const pop = app.testid('explain');
    await pop.waitFor();
    const text = await pop.innerText();
    assert.match(text, /down: B/);
    assert.match(text, /fail \(they need it through synchronous calls\): A, B/);
    await app.page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden' });
  } finally {
    await app.close();
  }
});

// Guards: the "what if this is down" picker writes down= into the link and the table follows;
// "Nothing" takes it out again.
test('down= from the picker', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=1000');
  try {
    await app.cell('failed_request_share', 0).waitFor();
    assert.equal(await app.cellText('failed_request_share', 0), '0%');
    await app.input('down').selectOption('User');
    const q = await app.waitForQuery((s) => s.includes('down=User'));
    assert.match(q, /down=User/);
    // Order calls User, so it fails with it; Product does not.
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="cell-failed_request_share-0"]')?.textContent.includes('User, Order fail'),
    );
    assert.match(await app.cellText('failed_request_share', 0), /^67% \(User, Order fail\)$/);
    await app.input('down').selectOption('');
    assert.doesNotMatch(await app.waitForQuery((s) => !s.includes('down=')), /down=/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: down= from a link selects its choice in the picker; a value it cannot use is named
// under the picker with what was used instead.
test('down= from a link, and a bad value', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=1000&down=db:Product');
  try {
    await app.cell('failed_request_share', 0).waitFor();
    assert.equal(await app.input('down').inputValue(), 'db:Product');
    assert.match(await app.cellText('failed_request_share', 0), /^67% \(Product, Order fail\)$/);
    await app.goto('?v=2&users=1000&down=Nope');
    const error = app.fieldError('down');
    await error.waitFor();
    assert.match(await error.innerText(), /What if this is down: “Nope” is not a named service \(User, Product, Order\), db:NAME or region; it was left out\./);
    assert.equal(await app.cellText('failed_request_share', 0), '0%');
  } finally {
    await app.close();
  }
});

// Guards: the diagram marks what is down (dashed, struck through, "down" in words), the service
// that fails with it, and the failing paths, in the page's own style sheet (no inline style).
test('the diagram marks what is down', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, `${SEED}&down=B`);
  try {
    const diagram = app.testid('diagram-0');
    await diagram.locator('svg').first().waitFor();
    const down = diagram.locator('g.node.down');
    assert.equal(await down.count(), 1);
    assert.match(await down.locator('title').textContent(), /^B ×1 \(down/);
    assert.notEqual(await down.locator('rect.box').evaluate((r) => getComputedStyle(r).strokeDasharray), 'none');
    assert.equal(await diagram.locator('g.node.fails').count(), 1);
    assert.ok((await diagram.locator('g.edge.failing').count()) >= 2);
    const failing = diagram.locator('g.edge.failing path.line').first();
    const edge = diagram.locator('g.edge:not(.failing) path.line').first();
    const [a, b] = [await failing.evaluate((p) => getComputedStyle(p).stroke), await edge.evaluate((p) => getComputedStyle(p).stroke)];
    assert.notEqual(a, b, 'a failing path is drawn in another colour');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: nothing silent: the growth page uses the latency values (their fields are there, no
// notice), and a link's day values are kept and named in a notice.
test('day values the page does not use are named', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&slo_ms=50&day=two');
  try {
    const notices = app.testid('notices');
    await notices.getByText('“day” is for the Day page; this page keeps it.').waitFor();
    assert.equal(await notices.getByText('is kept for the command line').count(), 0, 'latency values are used here');
    assert.equal(await app.input('slo_ms').count(), 1, 'the latency inputs are on the page');
    assert.equal(await app.input('day').count(), 0, 'no day input on the page');
    assert.equal(await app.input('a_inst').count(), 1, 'availability inputs stay');
    assert.match(await app.query(), /slo_ms=50/, 'the value stays in the link');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: the Day page uses the latency and day values (its day computes every minute's p99):
// it shows their fields and names none of them in a notice.
test('the Day page uses the latency and day values', async () => {
  const app = await DayPage.open(site.browser, site.server.url, '?v=2&slo_ms=50&day=two');
  try {
    assert.equal(await app.input('slo_ms').count(), 1, 'the latency inputs are on the Day page');
    assert.equal(await app.input('day').count(), 1);
    assert.equal(await app.testid('notices').getByText('is kept for').count(), 0, 'no notice for values it uses');
    assert.match(await app.testid('day-summary').textContent(), /over 50 ms/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

// Guards: sizing by latency from the page: typing a queue wait target adds the instances the
// M/M/c pools need (12 + 12 + 6 by a 90% target, 15 + 15 + 10 within 50 ms), the link keeps it.
test('sizing by latency adds instances', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&users=300&inst_rps=10&own_ms=100&util=90');
  try {
    assert.equal(await app.cellText('service_instances', 0), '30');
    await app.type('wait_ms', '50');
    await app.waitForQuery((q) => q.includes('wait_ms=50'));
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="cell-service_instances-0"]')?.innerText.trim() === '40',
    );
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
