// Architecture diagrams in the page (issue: diagrams): one per stage for every preset, badges
// that match the table's figures, SVG and PNG downloads, and screenshots at two widths in both
// colour schemes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

const PRESETS = ['architecture', 'maturity', 'migration', 'db-per-service', 'parallel-running'];
const site = useSite('/diagrams/');

/** The text of the badge inside node `id` of stage `i`'s diagram, or null. */
async function badge(app, i, id) {
  const loc = app.testid(`diagram-${i}`).locator(`svg [data-id="${id}"] .badge-text`).first();
  return (await loc.count()) ? (await loc.textContent()).trim() : null;
}

for (const preset of PRESETS) {
  test(`${preset}: one diagram per stage, badges match the table`, async () => {
    const app = await ScalemapPage.open(site.browser, site.server.url, `?preset=${preset}`);
    try {
      for (let i = 0; i < 4; i++) {
        const svg = app.testid(`diagram-${i}`).locator('svg').first();
        await svg.waitFor();
        assert.equal(await svg.locator('script').count(), 0);
        const gw = await badge(app, i, 'gateway');
        if (gw !== null) assert.equal(gw, `×${await app.cellText('gateways', i)}`, `gateway badge at stage ${i}`);
        const cache = await badge(app, i, 'cache');
        const cacheCell = await app.cellText('cache_nodes', i);
        if (cache !== null) assert.equal(`${cache.replace('×', '')} node${cache === '×1' ? '' : 's'}`, cacheCell, `cache badge at stage ${i}`);
        else assert.equal(cacheCell, '—', `no cache drawn, none in the table at stage ${i}`);
      }
      assert.equal(await app.page.locator('[data-testid^="diagram-"] svg').count(), 4);
      if (preset === 'architecture') {
        for (let i = 0; i < 4; i++) {
          for (let k = 0; k < 3; k++) {
            assert.equal(await badge(app, i, `svc-${k}`), `×${await app.cellText(`svc-${k}-instances`, i)}`, `service ${k} at stage ${i}`);
          }
        }
      }
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

test('a diagram downloads as SVG and as PNG', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture');
  try {
    await app.testid('diagram-1').locator('svg').first().waitFor();
    const [svgDl] = await Promise.all([app.page.waitForEvent('download'), app.testid('download-svg-1').click()]);
    assert.match(svgDl.suggestedFilename(), /\.svg$/);
    const svgText = readFileSync(await svgDl.path(), 'utf8');
    assert.match(svgText, /<svg[\s\S]*<\/svg>\s*$/);
    assert.match(svgText, /×/);
    const [pngDl] = await Promise.all([app.page.waitForEvent('download'), app.testid('download-png-1').click()]);
    assert.match(pngDl.suggestedFilename(), /\.png$/);
    const png = readFileSync(await pngDl.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(png.length > 2_000, `PNG has content (${png.length} bytes)`);
  } finally {
    await app.close();
  }
});

for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`diagrams screenshot ${name} ${colorScheme}`, async () => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '?preset=architecture', { width, height, colorScheme });
      try {
        await app.testid('diagram-0').locator('svg').first().waitFor({ state: 'attached' });
        const section = app.testid('diagrams');
        if (await section.count()) await section.scrollIntoViewIfNeeded();
        await screenshot(app.page, `diagrams-${name}-${colorScheme}`);
      } finally {
        await app.close();
      }
    });
  }
}
