// Page object for Scalemap: every selector the browser tests use lives here, by data-testid
// (the same hooks the app documents), so a markup change is fixed in one place.

import { newPage, collectErrors } from './browser.mjs';

export class ScalemapPage {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} baseUrl where the site is served (ends with '/')
   */
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.errors = collectErrors(page);
  }

  /** Opens a fresh page (own context) at `opts` size and colour scheme. */
  static async open(browser, baseUrl, query = '', opts = {}) {
    const page = await newPage(browser, opts);
    const app = new ScalemapPage(page, baseUrl);
    await app.goto(query);
    return app;
  }

  /** Navigates to the site with `query` (e.g. '?preset=maturity') and waits for the app. */
  async goto(query = '') {
    await this.page.goto(this.baseUrl + query, { waitUntil: 'load' });
    await this.ready();
  }

  async ready() {
    await this.page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await this.page.locator('[data-testid="stage-table"]').waitFor();
  }

  testid(id) {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  /** The stage table cell of `row` (a core::table row key) at stage `i`. */
  cell(row, i) {
    return this.testid(`cell-${row}-${i}`);
  }

  async cellText(row, i) {
    return (await this.cell(row, i).innerText()).trim();
  }

  input(key) {
    return this.testid(`input-${key}`);
  }

  /** Opens the collapsed group (a <details>) holding a field, by clicking its summary. */
  async reveal(key) {
    const group = this.input(key).locator('xpath=ancestor::details[1]');
    if ((await group.count()) > 0 && !(await group.evaluate((d) => d.open))) {
      await group.locator('summary').first().click();
    }
  }

  /** Replaces a field's text as a person would: open its group, select all, type. */
  async type(key, text) {
    await this.reveal(key);
    const field = this.input(key);
    await field.click();
    await field.press('ControlOrMeta+a');
    await field.pressSequentially(text);
  }

  fieldError(key) {
    return this.testid(`field-error-${key}`);
  }

  /** The query string of the page's current URL. */
  async query() {
    return new URL(this.page.url()).search;
  }

  /** Waits until the URL's query satisfies `pred` (the app writes it after a short pause). */
  async waitForQuery(pred, timeout = 5_000) {
    const end = Date.now() + timeout;
    let q = await this.query();
    while (!pred(q) && Date.now() < end) {
      await this.page.waitForTimeout(50);
      q = await this.query();
    }
    return q;
  }

  async close() {
    await this.page.context().close();
  }
}

/**
 * The Day page (`day/` under the growth page): the app built with the `day-page` feature. Ready
 * when its chart is drawn (it has no stage table).
 */
export class DayPage extends ScalemapPage {
  static async open(browser, baseUrl, query = '', opts = {}) {
    const page = await newPage(browser, opts);
    const app = new DayPage(page, `${baseUrl}day/`);
    await app.goto(query);
    return app;
  }

  async ready() {
    await this.page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await this.testid('day-chart').locator('svg').first().waitFor();
  }
}

/**
 * The Ranges page (`ranges/` under the growth page): the app built with the `ranges-page`
 * feature. Ready when its bands table is drawn (the point values show at once; the bands
 * follow when the samples are done: see `bandsDone`).
 */
export class RangesPage extends ScalemapPage {
  static async open(browser, baseUrl, query = '', opts = {}) {
    const page = await newPage(browser, opts);
    const app = new RangesPage(page, `${baseUrl}ranges/`);
    await app.goto(query);
    return app;
  }

  async ready() {
    await this.page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await this.testid('bands-table').waitFor();
  }

  /** Waits until every sample has run for the scenario shown (the progress line's state). */
  async bandsDone(timeout = 20_000) {
    await this.page.locator('[data-testid="ranges-progress"][data-state="done"]').waitFor({ timeout });
  }

  /** The text of the bands table's row for figure `key` (`monthly_cost`, ...). */
  async bandRow(key) {
    return (await this.testid(`band-${key}`).innerText()).trim();
  }
}

/**
 * The Learn page (`learn/` under the growth page): the app built with the `learn-page` feature,
 * the scaling plan and the Self Check above the stage table, or with `ask=` the exercise first
 * (the rest hidden until revealed). Ready when its stage table or its exercise is drawn.
 */
export class LearnPage extends ScalemapPage {
  static async open(browser, baseUrl, query = '', opts = {}) {
    const page = await newPage(browser, opts);
    const app = new LearnPage(page, `${baseUrl}learn/`);
    await app.goto(query);
    return app;
  }

  async ready() {
    await this.page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await this.page.locator('[data-testid="stage-table"], [data-testid="exercise"]').first().waitFor();
  }

  /** Types `text` as question `i`'s estimate and checks it; resolves to its result's grade. */
  async answer(i, text) {
    const field = this.testid(`q-input-${i}`);
    await field.fill('');
    await field.pressSequentially(text);
    await this.testid(`q-check-${i}`).click();
    const result = this.testid(`q-result-${i}`);
    await result.waitFor();
    return result.getAttribute('data-grade');
  }
}
