// Readable everywhere (issue 14): at 320, 390, 768 and 1280 px, light and dark, the page never
// scrolls sideways, no diagram text is drawn under 11 px, every derivation popover stays in
// the viewport, the diagrams are a few Tab presses from the top, and axe-core finds no
// violation on the full page and on every embed view (its undecided contrast checks decided
// here). The table is one keyboard stop (an ARIA grid), and the enlarged diagram pans and zooms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useSite } from './support/site.mjs';
import { mkdirSync } from 'node:fs';
import { screenshot, ARTIFACTS_DIR, newPage, collectErrors } from './support/browser.mjs';
import { ScalemapPage } from './support/app.mjs';

/** Lays out every off-screen part for axe, through the CSS object model (the page's CSP
 * refuses an added style element). */
const showEverything = (page) =>
  page.evaluate(() => {
    for (const el of document.querySelectorAll('*')) el.style.setProperty('content-visibility', 'visible', 'important');
  });

const site = useSite('/course/readable/');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');

const WIDTHS = [320, 390, 768, 1280];
const SCHEMES = ['light', 'dark'];
/** The page's four stages (the default preset): 100, 10K, 1M, 100M users. */
const STAGES = 4;
/** The smallest diagram text allowed on screen, in CSS pixels. */
const MIN_TEXT_PX = 11;
/** WCAG AA contrast for normal text. */
const AA = 4.5;

/** Saves what the viewport shows (the full-screen dialog) to tests/e2e/artifacts/NAME.png. */
async function viewportShot(page, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

/** Waits two frames (popovers place themselves in a frame). */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The page's horizontal overflow: scrollWidth − clientWidth of the root (0 when none). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * The smallest on-screen font size of any text in the diagram boxes shown: each text's computed
 * font size times its drawn scale (its getBoundingClientRect height over its getBBox height).
 */
async function smallestDiagramText(page, selector = '[data-testid^="diagram-"] svg') {
  return page.evaluate(async (sel) => {
    let min = Infinity;
    let where = '';
    for (const svg of document.querySelectorAll(sel)) {
      if (!svg.getClientRects().length) continue; // a hidden stage tab
      svg.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(r));
      for (const t of svg.querySelectorAll('text')) {
        const box = t.getBBox();
        const rect = t.getBoundingClientRect();
        if (!box.height || !rect.height) continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * (rect.height / box.height);
        if (px < min) {
          min = px;
          where = `${svg.closest('[data-testid]')?.dataset.testid}: “${t.textContent}”`;
        }
      }
    }
    return { min, where };
  }, selector);
}

/** Injects axe-core (by evaluation: the page's CSP allows no injected script tags). */
async function axe(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const brief = (x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.map((n) => n.target.join(' ')).slice(0, 5), count: x.nodes.length });
    return {
      violations: r.violations.map(brief),
      incomplete: r.incomplete.map(brief),
      contrast: (r.incomplete.find((x) => x.id === 'color-contrast')?.nodes ?? []).map((n) => n.target),
    };
  });
}

/**
 * Decides the contrast checks axe left open (SVG text, text over other elements): the text's
 * own colour (an SVG text's fill) against what is painted under its centre (the topmost filled
 * SVG shape below it, else the nearest HTML background), alpha blended. Returns the failures.
 */
async function decideContrast(page, targets, scope) {
  return page.evaluate(async ({ targets, AA, scope }) => {
    // axe leaves SVG text out of its checks altogether: every drawn SVG text is decided here too.
    // With a modal dialog open, only what it shows counts (the page behind is under its backdrop).
    const root = document.querySelector(scope);
    const els = [
      ...targets.map((t) => document.querySelector(t.join(' '))),
      ...[...root.querySelectorAll('svg text')].filter((e) => e.getClientRects().length && e.textContent.trim()),
    ].filter((e) => e && root.contains(e));
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const htmlBg = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) {
          layers.push(c);
          if (c.a >= 1) break;
        }
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 };
      for (const c of layers.reverse()) bg = over(c, bg);
      return bg;
    };
    const failures = [];
    let checked = 0;
    const name = (el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} in ${el.closest('[id]')?.id ?? '?'}`;
    for (const el of new Set(els)) {
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const rect = el.getBoundingClientRect();
      if (!rect.width || !rect.height) {
        failures.push(`${name(el)}: not measurable`);
        continue;
      }
      const [cx, cy] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
      const svgText = el instanceof SVGElement;
      const fg = parse(getComputedStyle(el)[svgText ? 'fill' : 'color']);
      if (!fg) {
        failures.push(`${name(el)}: colour unreadable`);
        continue;
      }
      let bg = null;
      const under = document.elementsFromPoint(cx, cy).filter((e) => e !== el && !el.contains(e));
      for (const e of under) {
        if (e instanceof SVGGeometryElement && e.tagName !== 'text') {
          const fill = parse(getComputedStyle(e).fill);
          if (fill && fill.a > 0 && Number(getComputedStyle(e).fillOpacity) >= 1) {
            bg = fill;
            break;
          }
        } else if (!(e instanceof SVGElement)) {
          bg = htmlBg(e);
          break;
        }
      }
      bg = bg ? over(bg, htmlBg(el.closest('svg')?.parentElement ?? el)) : htmlBg(el);
      const size = parseFloat(getComputedStyle(el).fontSize);
      const bold = Number(getComputedStyle(el).fontWeight) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : AA;
      const r = ratio(over(fg, bg), bg);
      checked++;
      if (r < need) failures.push(`${name(el)} “${el.textContent.trim().slice(0, 30)}” ${r.toFixed(2)}:1`);
    }
    return { failures, checked };
  }, { targets, AA, scope });
}

/** axe on the page as it is: no violations, and every contrast check it could not decide passes ours. */
async function assertAccessible(page, what, t, scope = 'body') {
  const r = await axe(page);
  assert.deepEqual(r.violations, [], `${what}: axe violations`);
  const { failures, checked } = await decideContrast(page, r.contrast, scope);
  assert.deepEqual(failures, [], `${what}: ${r.contrast.length} contrast checks axe left open, these fail AA`);
  if (scope === 'body') assert.ok(checked >= r.contrast.length, `${what}: every open contrast check decided`);
  t?.diagnostic(`${what}: 0 violations; ${r.contrast.length} contrast checks axe left open and every SVG text (${checked} in all) decided here, all AA; other open checks: ${r.incomplete.filter((x) => x.id !== 'color-contrast').map((x) => `${x.id} (${x.count})`).join(', ') || 'none'}`);
  return r;
}

/**
 * A touch gesture through Chromium's input pipeline (CDP `Input.dispatchTouchEvent`, as a
 * touch screen sends it): `frames` is a list of touch-point lists, the first pressed, each next
 * one moved to, then all lifted.
 */
async function touch(page, frames) {
  const cdp = await page.context().newCDPSession(page);
  const points = (f) => f.map(([x, y], id) => ({ x, y, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(frames[0]) });
  for (const f of frames.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(f) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Two fingers on a horizontal line through (cx, cy), spread from half-distance `from` to `to` in steps. */
function pinchFrames(cx, cy, from, to, steps = 8) {
  return Array.from({ length: steps + 1 }, (_, k) => {
    const d = from + ((to - from) * k) / steps;
    return [[cx - d, cy], [cx + d, cy]];
  });
}

/** Reloads the page, so that the next Tab starts from its top (a blur keeps the starting point). */
async function fromTop(page) {
  await page.reload({ waitUntil: 'load' });
  await page.locator('[data-testid="diagram-0"] svg').first().waitFor({ state: 'attached' });
}

/** Presses Tab from the top of the page until the focus is inside `selector`; the count. */
async function tabsTo(page, selector, limit = 80) {
  await fromTop(page);
  for (let n = 1; n <= limit; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector)) return n;
  }
  return Infinity;
}

/** Keys from the top to `selector` through the skip links: Tabs to its link, Enter, Tabs in. */
async function skipPath(page, selector) {
  const href = `#${selector.replace(/^#/, '')}`;
  await fromTop(page);
  let keys = 0;
  for (; keys < 10; ) {
    await page.keyboard.press('Tab');
    keys++;
    if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === href) break;
  }
  await page.keyboard.press('Enter');
  keys++;
  for (let n = 0; n < 10; n++) {
    if (await page.evaluate((s) => Boolean(document.activeElement?.closest(s)) && document.activeElement !== document.querySelector(s), selector)) {
      return keys;
    }
    await page.keyboard.press('Tab');
    keys++;
  }
  return Infinity;
}

for (const width of WIDTHS) {
  for (const colorScheme of SCHEMES) {
    // Guards: no sideways page scroll, diagram text ≥ 11 px at every stage, popovers inside
    // the viewport, diagrams within 16 Tab presses, at each of the issue's widths and schemes.
    test(`${width} px ${colorScheme}: no overflow, readable diagrams, popovers inside, few tabs`, async (t) => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '', { width, height: 844, colorScheme });
      const page = app.page;
      try {
        await app.testid('diagram-0').locator('svg').first().waitFor({ state: 'attached' });
        assert.ok((await overflow(page)) <= 0, `page overflows by ${await overflow(page)} px`);

        // Every stage's diagram (behind the stage tabs on narrow screens).
        const tabs = page.locator('.sm-tabs [role="tab"]');
        if (await tabs.first().isVisible()) {
          for (let i = 0; i < STAGES; i++) {
            await tabs.nth(i).click();
            if (width <= 430) {
              // A phone's box gets the narrow layout: the tiers stacked top to bottom.
              const vb = await page.locator(`[data-testid="diagram-${i}"] svg`).evaluate((svg) => ({ width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height }));
              assert.ok(vb.height > vb.width, `stage ${i}: stacked layout (${vb.width}×${vb.height})`);
            }
            const small = await smallestDiagramText(page);
            assert.ok(small.min >= MIN_TEXT_PX, `stage ${i}: smallest text ${small.min.toFixed(2)} px (${small.where})`);
          }
        } else {
          const small = await smallestDiagramText(page);
          assert.ok(Number.isFinite(small.min), 'diagram text measured');
          assert.ok(small.min >= MIN_TEXT_PX, `smallest text ${small.min.toFixed(2)} px (${small.where})`);
        }
        assert.ok((await overflow(page)) <= 0, 'no overflow after showing every diagram');

        // Popovers of the first and last columns (the last runs off the right edge if unshifted),
        // opened by the keyboard; the pointer rests in the page's corner, over no figure.
        await page.mouse.move(1, 1);
        for (const stage of [0, STAGES - 1]) {
          const figs = page.locator(`.sm-table tr td:nth-child(${stage + 2}) .sm-fig`);
          const n = await figs.count();
          assert.ok(n > 10, `stage ${stage} has figures`);
          for (let k = 0; k < n; k += 3) {
            await figs.nth(k).focus();
            await settle(page);
            const open = await page.locator('[data-testid="explain"]').count();
            assert.equal(open, 1, `popover open for figure ${k} of stage ${stage} (focus on ${await page.evaluate(() => document.activeElement?.dataset.testid)})`);
            const pop = await page.locator('[data-testid="explain"]').boundingBox();
            // The usable width: without the scrollbar's gutter (the body's width on the full page).
            const vw = await page.evaluate(() => Math.min(document.documentElement.clientWidth, document.body.clientWidth));
            const vh = await page.evaluate(() => window.innerHeight);
            assert.ok(pop.x >= 0 && pop.x + pop.width <= vw + 0.5, `stage ${stage} figure ${k}: popover x ${pop.x}..${pop.x + pop.width} in 0..${vw}`);
            assert.ok(pop.y >= 0 && pop.y + pop.height <= vh + 0.5, `stage ${stage} figure ${k}: popover y ${pop.y}..${pop.y + pop.height} in 0..${vh}`);
          }
        }
        assert.ok((await overflow(page)) <= 0, 'no overflow with a popover open');

        // The saved-scenarios panel (the header's one pop-up) opens inside the screen.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('[data-testid="saved-scenarios"] summary').click();
        const panel = await page.locator('.sm-saved-panel').boundingBox();
        const vw = await page.evaluate(() => document.documentElement.clientWidth);
        assert.ok(panel.x >= 0 && panel.x + panel.width <= vw + 0.5, `saved panel x ${panel.x}..${panel.x + panel.width} in 0..${vw}`);
        assert.ok((await overflow(page)) <= 0, 'no overflow with the saved panel open');
        await page.locator('[data-testid="saved-scenarios"] summary').click();

        // Plain Tab presses from the top to the diagrams (on wide screens the inputs column
        // follows the results), and the shorter way through the skip link: Tab to "Skip to
        // diagrams", Enter, Tab.
        const plain = await tabsTo(page, '#sm-arch');
        const viaSkip = await skipPath(page, '#sm-arch');
        t.diagnostic(`${width} px: ${plain} Tab presses to the diagrams, ${viaSkip} keys through the skip link`);
        // 17: the header's stops (skip links, the other two pages' links, the pattern, four
        // actions), "Show inputs" on narrow screens, the table (one stop), the breakpoints'
        // links and the scaling plan's stage summaries.
        assert.ok(plain <= 17, `${plain} plain Tab presses from the top to the diagrams`);
        assert.ok(viaSkip <= 5, `${viaSkip} keys through the skip link`);
        // No function lost: the inputs are in the Tab order, where they are seen (the right-hand
        // column after the results on wide screens, above them on narrow ones).
        const toInputs = await tabsTo(page, '#sm-inputs', 200);
        assert.ok(Number.isFinite(toInputs), 'Tab reaches the inputs');
        const place = await page.evaluate(() => {
          const a = document.querySelector('#sm-inputs').getBoundingClientRect();
          const m = document.querySelector('main').getBoundingClientRect();
          return { a: [a.left, a.bottom], m: [m.right, m.top] };
        });
        if (width > 900) {
          assert.ok(place.a[0] >= place.m[0], `inputs column right of the results (${JSON.stringify(place)})`);
          // The results column was measured at its own width, not the inputs' (the wide drawing).
          const vb = await page.locator('[data-testid="diagram-0"] svg').evaluate((svg) => [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height]);
          assert.ok(vb[0] > vb[1], `wide layout on a wide screen (${vb})`);
        }
        else assert.ok(place.a[1] <= place.m[1], `inputs above the results (${JSON.stringify(place)})`);
        t.diagnostic(`${width} px: ${toInputs} Tab presses to the inputs`);

        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `readable-${width}-${colorScheme}`);
        assert.deepEqual(app.errors.all(), []);
      } finally {
        await app.close();
      }
    });
  }
}

/** The embed views the issue names. */
const EMBEDS = ['view=table', 'view=diagrams', 'view=diagram&stage=2', 'view=chart'];

for (const width of [1280, 768, 390, 320]) {
  for (const colorScheme of SCHEMES) {
    // Guards: axe finds no violation on the full page, on each embed view and on the Day page
    // (full and embedded), and every contrast check it leaves open (SVG text) passes AA when
    // decided here; no page overflows sideways.
    test(`axe ${width} px ${colorScheme}: full page, every embed view, the Day page`, async (t) => {
      const app = await ScalemapPage.open(site.browser, site.server.url, '', { width, height: 844, colorScheme });
      try {
        await app.testid('diagram-0').locator('svg').first().waitFor({ state: 'attached' });
        await showEverything(app.page);
        await assertAccessible(app.page, `full page ${width} ${colorScheme}`, t);
        for (const q of EMBEDS) {
          await app.page.goto(`${site.server.url}?embed=1&${q}`, { waitUntil: 'load' });
          await app.page.locator('main .sm-card').first().waitFor();
          if (q.includes('diagram')) await app.page.locator('[data-testid^="diagram-"] svg').first().waitFor();
          if (q.includes('chart')) await app.page.locator('.sm-chart-box svg').first().waitFor();
          await showEverything(app.page);
          assert.ok((await overflow(app.page)) <= 0, `embed ${q} overflows`);
          await assertAccessible(app.page, `embed ${q} ${width} ${colorScheme}`, t);
          if (q.includes('diagram')) {
            const small = await smallestDiagramText(app.page);
            assert.ok(small.min >= MIN_TEXT_PX, `embed ${q}: smallest text ${small.min.toFixed(2)} px (${small.where})`);
          }
        }
        for (const q of ['?preset=architecture&events=spike:x5@18h/20m', '?embed=1&events=spike:x5@18h/20m']) {
          await app.page.goto(`${site.server.url}day/${q}`, { waitUntil: 'load' });
          await app.page.locator('[data-testid="day-chart"] svg').first().waitFor();
          await showEverything(app.page);
          assert.ok((await overflow(app.page)) <= 0, `Day page ${q} overflows`);
          await assertAccessible(app.page, `Day page ${q} ${width} ${colorScheme}`, t);
        }
        assert.deepEqual(app.errors.all(), []);
      } finally {
        await app.close();
      }
    });
  }
}

// Guards: crossing the two-column breakpoint moves the inputs panel (one panel, where the Tab
// order needs it) and keeps what was typed in it.
test('the inputs move with the layout and keep their values', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '', { width: 1280, height: 900 });
  const page = app.page;
  try {
    const order = () => page.evaluate(() => [...document.querySelectorAll('.sm-layout > aside, .sm-layout > main')].map((e) => e.tagName));
    assert.deepEqual(await order(), ['MAIN', 'ASIDE'], 'wide: the results first');
    await app.input('rpu').fill('7');
    await page.setViewportSize({ width: 600, height: 900 });
    await page.waitForFunction(() => document.querySelector('.sm-layout > *')?.tagName === 'ASIDE');
    assert.deepEqual(await order(), ['ASIDE', 'MAIN'], 'narrow: the inputs first');
    await page.locator('.sm-inputs-toggle').click();
    assert.equal(await app.input('rpu').inputValue(), '7', 'the typed value is kept');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(() => document.querySelector('.sm-layout > *')?.tagName === 'MAIN');
    assert.equal(await app.input('rpu').inputValue(), '7');
    assert.equal(await page.locator('#sm-inputs').count(), 1, 'one inputs panel');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

/** Widths of the column a course page embeds Scalemap in (and a tablet's), between the phones
 * and the desktop the tests above cover: the narrow layout's threshold (640 px) lies inside. */
const COLUMNS = [480, 560, 640, 700, 768];

// Guards: in a course column's frame of any of these widths, every stage's diagram (tabs or
// not, default and maturity presets) has its text at 11 px or more, and nothing overflows.
test('embedded diagrams in course-column widths: readable, no overflow', async (t) => {
  for (const q of ['view=diagrams', 'view=diagram&stage=3', 'view=all&preset=maturity']) {
    for (const width of COLUMNS) {
      const page = await newPage(site.browser, { width, height: 700 });
      const errors = collectErrors(page);
      try {
        await page.goto(`${site.server.url}?embed=1&${q}`, { waitUntil: 'load' });
        await page.locator('[data-testid^="diagram-"] svg').first().waitFor({ state: 'attached' });
        const tabs = page.locator('.sm-tabs [role="tab"]');
        const n = (await tabs.count()) && (await tabs.first().isVisible()) ? await tabs.count() : 1;
        const seen = [];
        for (let i = 0; i < n; i++) {
          if (n > 1) await tabs.nth(i).click();
          const small = await smallestDiagramText(page);
          assert.ok(small.min >= MIN_TEXT_PX, `${q} at ${width} px, tab ${i}: smallest text ${small.min.toFixed(2)} px (${small.where})`);
          seen.push(small.min.toFixed(1));
        }
        assert.ok((await overflow(page)) <= 0, `${q} at ${width} px overflows by ${await overflow(page)} px`);
        t.diagnostic(`${q} at ${width} px: smallest text ${seen.join(', ')} px`);
        assert.deepEqual(errors.all(), []);
      } finally {
        await page.context().close();
      }
    }
  }
});

// Guards: the table is one Tab stop; arrows move between figures (roving tabindex), Enter
// opens the derivation and Escape closes it; the skip links lead to each part.
test('the stage table is an ARIA grid with one keyboard stop', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '', { width: 1280, height: 900 });
  const page = app.page;
  try {
    assert.equal(await page.locator('.sm-table').getAttribute('role'), 'grid');
    const stops = () => page.evaluate(() => [...document.querySelectorAll('.sm-table [tabindex="0"]')].map((e) => e.dataset.testid));
    assert.equal((await stops()).length, 1, 'exactly one element of the table is in the Tab order');
    const first = (await stops())[0];
    assert.match(first, /^cell-.*-0$/, 'the first figure of the first row');
    await page.locator(`[data-testid="${first}"]`).focus();
    const active = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.className);
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), first.replace(/-0$/, '-1'), 'ArrowRight: next stage');
    await page.keyboard.press('ArrowDown');
    const down = await active();
    assert.notEqual(down, first.replace(/-0$/, '-1'), 'ArrowDown moves');
    assert.match(down, /-1$/, 'ArrowDown stays in the column');
    await page.keyboard.press('End');
    assert.match(await active(), new RegExp(`-${STAGES - 1}$`), 'End: last stage');
    await page.keyboard.press('Home');
    assert.match(await active(), /-0$/, 'Home: first stage');
    assert.deepEqual(await stops(), [await active()], 'the focused figure is the one stop');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await settle(page);
    const pop = page.locator('[data-testid="explain"]');
    await pop.waitFor();
    assert.ok((await pop.innerText()).length > 10, 'Enter shows the derivation');
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'detached' });
    // Tab leaves the table in one press.
    await page.keyboard.press('Tab');
    assert.ok(!(await page.evaluate(() => Boolean(document.activeElement?.closest('.sm-table')))), 'one Tab leaves the grid');
    // Skip links: the first Tab stops, each moving the focus to its part.
    await page.evaluate(() => document.activeElement?.blur());
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const [k, id] of ['sm-inputs', 'sm-stages', 'sm-arch', 'sm-growth'].entries()) {
      await page.reload({ waitUntil: 'load' });
      await app.ready();
      for (let n = 0; n <= k; n++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), `#${id}`);
      assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0), 'a focused skip link is on screen');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), id);
    }
    assert.equal(new URL(page.url()).hash, '', 'skip links leave the shared URL alone');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  // Guards: Enlarge opens the 100M diagram full screen at natural size with Close in view;
  // keys, buttons, drag, wheel and a two-finger pinch pan and zoom it.
  test(`the enlarged diagram pans and zooms at ${width} px`, async (t) => {
    const app = await ScalemapPage.open(site.browser, site.server.url, '', { width, height, colorScheme: 'dark' });
    const page = app.page;
    try {
      const last = STAGES - 1;
      const tabs = page.locator('.sm-tabs [role="tab"]');
      if (await tabs.first().isVisible()) await tabs.nth(last).click();
      await page.locator(`#sm-dcard-${last} button:has-text("Enlarge")`).click();
      const dialog = page.locator('dialog.sm-dialog');
      await dialog.waitFor();
      const box = await dialog.boundingBox();
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5, 'dialog inside the viewport');
      const close = await dialog.locator('button:has-text("Close")').boundingBox();
      assert.ok(close.x >= 0 && close.x + close.width <= width && close.y >= 0 && close.y + close.height <= height, 'Close in view');
      const pct = page.locator('[data-testid="zoom-percent"]');
      assert.equal(await pct.innerText(), '100%');
      const small = await smallestDiagramText(page, '.sm-zoom-layer svg');
      assert.ok(small.min >= MIN_TEXT_PX - 0.01, `enlarged at 100%: smallest text ${small.min.toFixed(2)} px`);
      await page.keyboard.press('+');
      assert.equal(await pct.innerText(), '125%');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      assert.equal(await pct.innerText(), '80%');
      await page.keyboard.press('0');
      assert.equal(await pct.innerText(), '100%');
      const layer = page.locator('.sm-zoom-layer');
      const before = await layer.boundingBox();
      await page.keyboard.press('ArrowRight');
      const after = await layer.boundingBox();
      assert.ok(after.x < before.x - 10, 'ArrowRight pans');
      // Drag.
      const zb = await page.locator('[data-testid="zoom-box"]').boundingBox();
      const [cx, cy] = [zb.x + zb.width / 2, zb.y + zb.height / 2];
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 60, cy + 30, { steps: 4 });
      await page.mouse.up();
      const dragged = await layer.boundingBox();
      assert.ok(Math.abs(dragged.x - after.x - 60) < 2 && Math.abs(dragged.y - after.y - 30) < 2, 'a drag moves it by the distance');
      assert.equal(await page.evaluate(() => String(window.getSelection())), '', 'a drag selects no text');
      // Wheel zooms in about the pointer.
      await page.mouse.wheel(0, -200);
      await page.waitForFunction(() => document.querySelector('[data-testid="zoom-percent"]')?.textContent !== '100%');
      assert.ok(parseInt(await pct.innerText(), 10) > 100, 'wheel up zooms in');
      await viewportShot(page, `readable-enlarged-100m-zoomed-${width}`);
      // Fit: all of it inside the box.
      await page.locator('[data-testid="zoom-fit"]').click();
      const fitted = await layer.boundingBox();
      assert.ok(fitted.x >= zb.x - 0.5 && fitted.x + fitted.width <= zb.x + zb.width + 0.5, 'fit: inside horizontally');
      assert.ok(fitted.y >= zb.y - 0.5 && fitted.y + fitted.height <= zb.y + zb.height + 0.5, 'fit: inside vertically');
      await viewportShot(page, `readable-enlarged-100m-fit-${width}`);
      await page.locator('[data-testid="zoom-actual"]').click();
      assert.equal(await pct.innerText(), '100%');

      // Pinch (two touch points through the browser's touch pipeline): spreading the fingers
      // to twice their distance doubles the scale about their midpoint, which stays over the
      // same point of the drawing; closing them undoes it; moving both pans; one finger drags.
      const z0 = await layer.boundingBox();
      const under = (b) => [(cx - b.x) / b.width, (cy - b.y) / b.height];
      await touch(page, pinchFrames(cx, cy, 40, 80));
      assert.equal(await pct.innerText(), '200%', 'pinch out to twice the distance: 200%');
      const z1 = await layer.boundingBox();
      assert.ok(Math.abs(z1.width - 2 * z0.width) < 2, `pinch doubles the drawing (${z0.width} → ${z1.width})`);
      const [u0, u1] = [under(z0), under(z1)];
      assert.ok(Math.abs(u0[0] - u1[0]) * z1.width < 2 && Math.abs(u0[1] - u1[1]) * z1.height < 2, 'the point under the fingers stays under them');
      await viewportShot(page, `readable-enlarged-100m-pinched-${width}`);
      await touch(page, pinchFrames(cx, cy, 80, 40));
      assert.equal(await pct.innerText(), '100%', 'pinch in to half the distance: back to 100%');
      const z2 = await layer.boundingBox();
      assert.ok(Math.abs(z2.x - z0.x) < 2 && Math.abs(z2.y - z0.y) < 2, 'pinching back returns the drawing to its place');
      await touch(page, [0, 1, 2, 3, 4].map((k) => [[cx - 40 + 10 * k, cy + 5 * k], [cx + 40 + 10 * k, cy + 5 * k]]));
      const z3 = await layer.boundingBox();
      assert.equal(await pct.innerText(), '100%', 'two fingers moved together keep the scale');
      assert.ok(Math.abs(z3.x - z2.x - 40) < 2 && Math.abs(z3.y - z2.y - 20) < 2, `two fingers pan (${z3.x - z2.x}, ${z3.y - z2.y})`);
      await touch(page, [0, 1, 2, 3].map((k) => [[cx - 10 * k, cy - 10 * k]]));
      const z4 = await layer.boundingBox();
      assert.ok(Math.abs(z4.x - z3.x + 30) < 2 && Math.abs(z4.y - z3.y + 30) < 2, `then one finger drags (${z4.x - z3.x}, ${z4.y - z3.y})`);
      await page.locator('[data-testid="zoom-actual"]').click();
      await assertAccessible(page, `enlarged diagram ${width}`, t, 'dialog[open]');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

// Guards: on a phone, a figure reached with the arrow keys is scrolled fully into view beside
// the pinned label column, never under it, and nothing shows to the left of that column.
test('a focused figure is never hidden under the pinned label column', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '', { width: 390, height: 844 });
  const page = app.page;
  try {
    const first = page.locator('.sm-table [tabindex="0"]');
    await first.focus();
    const check = async (what) => {
      const r = await page.evaluate(() => {
        const f = document.activeElement.getBoundingClientRect();
        const head = document.activeElement.closest('tr').querySelector('.sm-rowhead').getBoundingClientRect();
        const wrap = document.querySelector('.sm-table-wrap').getBoundingClientRect();
        return { left: f.left, right: f.right, headRight: head.right, headLeft: head.left, wrapLeft: wrap.left, wrapRight: wrap.right };
      });
      assert.ok(r.left >= r.headRight - 0.5, `${what}: figure starts at ${r.left}, label column ends at ${r.headRight}`);
      assert.ok(r.right <= r.wrapRight + 0.5, `${what}: figure ends at ${r.right}, table box at ${r.wrapRight}`);
      assert.ok(r.headLeft <= r.wrapLeft + 16.5, `${what}: the label column covers the table box's left edge`);
    };
    for (let i = 1; i < STAGES; i++) {
      await page.keyboard.press('ArrowRight');
      await settle(page);
      await check(`stage ${i}`);
    }
    for (let i = STAGES - 2; i >= 0; i--) {
      await page.keyboard.press('ArrowLeft');
      await settle(page);
      await check(`back to stage ${i}`);
    }
    await screenshot(page, 'readable-table-scrolled-390');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
