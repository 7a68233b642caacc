// Issue 16, "Nothing silent, nothing leaking, nothing crashing", in the browser: the page runs
// under a style policy without 'unsafe-inline' and nothing it does is refused; no id is used
// twice; the wasm is fetched once, integrity-checked, without a console warning; and every
// hostile or careless link of the probe opens with a notice naming what was not used as given.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useSite, DIST } from './support/site.mjs';
import { newPage, collectErrors } from './support/browser.mjs';

const site = useSite('/course/scalemap/');

/** A page recording CSP violations and every console message from the start. */
async function recordingPage(opts) {
  const page = await newPage(site.browser, opts);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  return { page, messages, errors: collectErrors(page) };
}

async function ready(page) {
  await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
  await page.locator('[data-testid="stage-table"]').waitFor();
}

test('the style policy allows no inline style, and the page breaks none of it in use', async () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];
  const styleSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('style-src'));
  assert.equal(styleSrc, "style-src 'self'");
  const headers = readFileSync(path.join(DIST, '_headers'), 'utf8');
  assert.ok(headers.includes("style-src 'self';"), '_headers: the same style policy');

  const { page, errors } = await recordingPage({ width: 1280, height: 900 });
  try {
    await page.goto(site.server.url + '?preset=maturity&metrics=peak_rps,stored,monthly_cost', { waitUntil: 'load' });
    await ready(page);
    await page.locator('[data-testid="diagram-0"] svg').waitFor();
    await page.locator('[data-testid="chart"] svg').waitFor();
    // The drawings' rules come from the page's style sheet: a diagram box is filled, a curve
    // stroked in its series colour, a swatch coloured.
    const looks = await page.evaluate(() => ({
      box: getComputedStyle(document.querySelector('[data-testid="diagram-0"] .box')).fill,
      curve: getComputedStyle(document.querySelector('#sm-growth-chart .smc-s-peak_rps')).stroke,
      swatch: getComputedStyle(document.querySelector('.sm-swatch-peak_rps')).backgroundColor,
      styleElements: document.querySelectorAll('body style').length,
      styleAttributes: document.querySelectorAll('[style]').length,
    }));
    assert.equal(looks.box, 'rgb(255, 255, 255)');
    assert.equal(looks.curve, 'rgb(9, 105, 218)');
    assert.equal(looks.swatch, 'rgb(9, 105, 218)');
    assert.equal(looks.styleElements, 0, 'no <style> element in the page');
    // The explanation popover is placed through the CSS object model, which the policy allows.
    await page.locator('[data-testid="cell-peak_rps-1"]').hover();
    const pop = page.locator('[data-testid="explain"]');
    await pop.waitFor();
    const box = await pop.boundingBox();
    const cell = await page.locator('[data-testid="cell-peak_rps-1"]').boundingBox();
    assert.ok(Math.abs(box.y - (cell.y + cell.height + 6)) <= 2, `popover under its cell: ${box.y} vs ${cell.y + cell.height}`);
    // The enlarged diagram, the chart's pointer readout, a typed value.
    await page.locator('.sm-dcard .sm-tool', { hasText: 'Enlarge' }).first().click();
    await page.locator('dialog.sm-dialog svg').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="chart"]').hover({ position: { x: 200, y: 120 } });
    await page.locator('[data-testid="input-peak"]').fill('3');
    await page.waitForTimeout(400);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors.all(), []);
  } finally {
    await page.context().close();
  }
});

test('no id is used twice, and every aria-labelledby names one element', async () => {
  for (const query of ['?preset=migration', '?embed=1&view=all&preset=maturity']) {
    const { page } = await recordingPage({ width: 1280, height: 900 });
    try {
      await page.goto(site.server.url + query, { waitUntil: 'load' });
      await ready(page);
      await page.locator('[data-testid="chart"] svg').waitFor();
      const found = await page.evaluate(() => {
        const count = {};
        for (const el of document.querySelectorAll('[id]')) count[el.id] = (count[el.id] || 0) + 1;
        const dup = Object.entries(count).filter(([, n]) => n > 1).map(([id]) => id);
        const dangling = [];
        for (const el of document.querySelectorAll('[aria-labelledby]')) {
          for (const id of el.getAttribute('aria-labelledby').split(/\s+/)) {
            if (count[id] !== 1) dangling.push(`${id} (${count[id] || 0})`);
          }
        }
        return { dup, dangling };
      });
      assert.deepEqual(found, { dup: [], dangling: [] }, query);
    } finally {
      await page.context().close();
    }
  }
});

test('the wasm is fetched once, integrity-checked, with no warning about its preload', async () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const preload = html.match(/<link\b[^>]*_bg\.wasm[^>]*>/)[0];
  assert.ok(!/integrity/.test(preload), `the preload carries no ignored integrity: ${preload}`);
  assert.match(html, /module_or_path: fetch\('\.\/[\w-]+_bg\.wasm', \{ integrity: 'sha384-[\w+/=]+' \}\)/);

  const { page, messages, errors } = await recordingPage({ width: 1280, height: 900 });
  const wasmRequests = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasmRequests.push(r.url()));
  try {
    await page.goto(site.server.url, { waitUntil: 'load' });
    await ready(page);
    await page.waitForTimeout(3500); // "preloaded but not used within a few seconds" would show by now
    assert.equal(wasmRequests.length, 1, `one wasm download: ${wasmRequests}`);
    const noisy = messages.filter((m) => /integrity|preload/i.test(m));
    assert.deepEqual(noisy, []);
    assert.deepEqual(errors.all(), []);
  } finally {
    await page.context().close();
  }

  // A wasm that is not the one built is refused: the page does not start.
  const tampered = await recordingPage({ width: 1280, height: 900 });
  try {
    await tampered.page.route('**/*_bg.wasm', async (route) => {
      const res = await route.fetch();
      const body = Buffer.from(await res.body());
      body[body.length - 1] ^= 0xff;
      await route.fulfill({ response: res, body });
    });
    await tampered.page.goto(site.server.url, { waitUntil: 'load' });
    await tampered.page.waitForTimeout(2000);
    assert.equal(await tampered.page.locator('[data-testid="app-ready"]').count(), 0, 'a tampered wasm does not run');
    assert.ok(
      tampered.messages.some((m) => /integrity/i.test(m)) || tampered.errors.pageErrors.length > 0,
      `the refusal is reported: ${tampered.messages.join(' | ')}`,
    );
  } finally {
    await tampered.page.context().close();
  }
});

// The probe's links, each with the notice it must now get (the page shows the same notices the
// CLI prints; tests/reliability.rs checks their full text).
const LINKS = [
  ['?peak=2,5', 'Peak-to-average factor: “2,5” was read as 2.5 (the comma as a decimal point).'],
  ['?rpu=0,5', '“0,5” was read as 0.5'],
  ['?read=1,5', '“1,5” was read as 1.5'],
  ['?req_kb=1,000', '“1,000” was read as 1000 (the comma as a thousands separator'],
  ['?peak=1,,0', '“1,,0” has a misplaced “,”; used 5×.'],
  ['?peak=1__0', '“1__0” has a misplaced “_”'],
  ['?peak=_5', '“_5” has a misplaced “_”'],
  ['?peak=5_', '“5_” has a misplaced “_”'],
  ['?users', 'Link: “users” has no value (no “=”); it was ignored.'],
  ['?foo', 'Link: “foo” has no value (no “=”); it was ignored.'],
  ['?metrics=nope', 'Link: there is no chart metric “nope”'],
  ['?embed=1&view=diagram&stage=5', 'Link: “stage=5” is past the last of the scenario\'s 4 stages; stage 4 is shown.'],
  ['?embed=1&view=diagram&stage=13', 'Link: “stage=13” should be a stage number from 1 to 12; used 12.'],
  ['?peak=1e308', 'Peak-to-average factor: 1e308 is above the maximum 100×; used 100×.'],
  ['?services=Pay%E2%80%AEments:2,User', 'Named services: “Pay[U+202E]ments:2” has invisible control characters; they were removed.'],
  ...[
    ['view', 'chart', 'table'],
    ['theme', 'dark', 'light'],
    ['stage', '1', '2'],
    ['id', 'a', 'b'],
    ['metrics', 'stored', 'peak_rps'],
    ['preset', 'maturity', 'migration'],
    ['v', '1', '1'],
  ].map(([k, a, b]) => [`?embed=1&view=diagram&${k}=${a}&${k}=${b}`, `Link: “${k}” is given more than once; the last is used.`]),
];

test('every link part the probe found unused without a word is named on the page', async () => {
  const { page, errors } = await recordingPage({ width: 1280, height: 900 });
  try {
    for (const [query, notice] of LINKS) {
      await page.goto(site.server.url + query, { waitUntil: 'load' });
      await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
      const texts = await page.locator('[data-testid="notice"]').allInnerTexts();
      assert.ok(texts.some((t) => t.includes(notice)), `${query}: no notice “${notice}” in ${JSON.stringify(texts)}`);
    }
    // The service name is shown without its right-to-left override, and no text in the page
    // carries one.
    await page.goto(site.server.url + '?services=Pay%E2%80%AEments:2,User', { waitUntil: 'load' });
    await ready(page);
    const body = await page.evaluate(() => document.body.innerText);
    assert.ok(body.includes('Payments'), 'the cleaned name is shown');
    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(body), 'no direction control in the page text');
    // Typed into a field, a decimal comma is named under the field.
    await page.goto(site.server.url, { waitUntil: 'load' });
    await ready(page);
    await page.locator('[data-testid="input-peak"]').fill('2,5');
    await page.locator('[data-testid="field-error-peak"]').waitFor();
    assert.match(await page.locator('[data-testid="field-error-peak"]').innerText(), /was read as 2\.5/);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors.pageErrors, []);
  } finally {
    await page.context().close();
  }
});
