// Soak (issue 16): the wasm memory must stop growing once the page is warm, however long a
// person edits. The probe saw 3.2 → 24.4 MB over 2,730 random edits, linear in the edits (the
// reactive graph kept every node a removed table column, chip or card had read: see
// src/app/local.rs and src/app/keyed.rs). Here: a warm-up, then edits of every kind (typed user
// counts that add and remove a stage, stage chips, presets, a typed number), sampling the wasm
// memory and the JS heap (after a forced garbage collection) as they go.
//
// About a minute in the test command; SOAK_EDITS=2730 runs the probe's length (bench/run.sh).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { useSite } from './support/site.mjs';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from './support/chromium.mjs';

const site = useSite('/soak/');
const EDITS = Number(process.env.SOAK_EDITS || 200);
const WARM_UP = 80;
/** Growth allowed after warm-up: a few 64 KiB pages for the allocator's own moves; the leak
 *  this guards against grew about 14 KB per edit, 2 MB over these edits. */
const SLACK = 512 * 1024;

test(`wasm memory stays flat over ${EDITS} edits after a warm-up of ${WARM_UP}`, { timeout: 30 * 60_000 }, async () => {
  // A browser of its own, with gc() exposed, so the JS heap figures are not garbage waiting.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm)));
    await page.goto(site.server.url, { waitUntil: 'load' });
    await page.locator('[data-testid="stage-table"]').waitFor();
    await page.locator('[data-testid="diagram-0"] svg').waitFor();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

    const sample = () =>
      page.evaluate(() => {
        gc();
        return { wasm: window.__wasm.memory.buffer.byteLength, js: performance.memory.usedJSHeapSize };
      });
    const presets = ['maturity', 'migration', 'db-per-service', 'parallel-running', 'architecture'];
    /** Edit number `i`: mostly stage changes (the structure comes and goes), some others. */
    async function edit(i) {
      switch (i % 10) {
        case 0:
        case 3:
        case 6: // typed: 4 stages, then 5 (the drawings follow once typing pauses)
          await page.locator('[data-testid="input-users"]').fill(i % 20 < 10 ? '100,10k,1m,100m,1b' : '100,10k,1m,100m');
          await page.waitForTimeout(300);
          break;
        case 1:
        case 4: // a stage chip added, then removed
          await page.locator('[data-testid="add-stage-users"]').press('Enter');
          await page.locator('.sm-chip-x').last().click();
          break;
        case 7: // a preset, and back
          await page.locator('[data-testid="preset-select"]').selectOption(presets[(i / 10) % presets.length | 0]);
          await page.locator('[data-testid="preset-select"]').selectOption('architecture');
          await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
          break;
        default: // a typed number
          await page.locator('[data-testid="input-peak"]').fill(String(2 + (i % 7)));
          await page.waitForTimeout(30);
      }
    }

    const start = await sample();
    for (let i = 0; i < WARM_UP; i++) await edit(i);
    await page.waitForTimeout(400);
    const warm = await sample();
    const samples = [warm];
    for (let i = WARM_UP; i < WARM_UP + EDITS; i++) {
      await edit(i);
      if ((i - WARM_UP + 1) % 50 === 0) samples.push(await sample());
    }
    await page.waitForTimeout(400);
    const end = await sample();
    samples.push(end);
    const mb = (b) => (b / 1e6).toFixed(2);
    console.log(
      `soak: wasm memory ${mb(start.wasm)} MB at start, ${mb(warm.wasm)} MB after ${WARM_UP} edits, ${mb(end.wasm)} MB after ${EDITS} more; ` +
        `JS heap ${mb(start.js)} / ${mb(warm.js)} / ${mb(end.js)} MB; samples ${samples.map((s) => mb(s.wasm)).join(', ')}`,
    );
    assert.deepEqual(pageErrors, []);
    assert.ok(
      end.wasm - warm.wasm <= SLACK,
      `wasm memory kept growing: ${mb(warm.wasm)} → ${mb(end.wasm)} MB over ${EDITS} edits (${samples.map((s) => mb(s.wasm)).join(', ')})`,
    );
    assert.ok(end.js - warm.js <= 4e6, `JS heap kept growing: ${mb(warm.js)} → ${mb(end.js)} MB`);
  } finally {
    await browser.close();
  }
});
