// The service editor (issue 15 §4), on the Learn page: the named services as a form, a row per
// service (name, share of client traffic, the services it calls and how), rows added and
// removed, problems shown inline; it and the inputs panel's "Named services" text stay in step
// both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { LearnPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/services/');

/** The "Named services" field's text, once it reads `want`. */
async function servicesText(app, want) {
  await app.reveal('services');
  await app.page.waitForFunction(
    (w) => document.querySelector('[data-testid="input-services"]')?.value === w,
    want,
    { timeout: 5_000 },
  ).catch(() => {});
  return app.input('services').inputValue();
}

// Guards: the form and the text round-trip: adding, renaming, calling (and how), removing in
// the form writes the notation into the field and the link; typing the notation rebuilds the
// form; a share that is no number is named under its row and not written.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`the service editor round-trips with the text form at ${width} px`, async () => {
    const app = await LearnPage.open(site.browser, site.server.url, '?v=2&preset=architecture', { width, height });
    try {
      const editor = app.testid('service-editor');
      await editor.waitFor();
      assert.equal(await editor.locator('li.sm-sf-row').count(), 3);
      assert.equal(await app.testid('sf-name-2').inputValue(), 'Order');
      const orderCalls = app.testid('sf-calls-2').locator('input[type=checkbox]');
      assert.deepEqual(await orderCalls.evaluateAll((cs) => cs.map((c) => c.checked)), [true, true]);

      await app.testid('sf-add').click();
      assert.equal(await servicesText(app, 'User,Product,Order:1:User+Product,Service 4'), 'User,Product,Order:1:User+Product,Service 4');
      await app.testid('sf-name-3').fill('Billing');
      await app.testid('sf-name-3').press('Tab');
      assert.equal(await servicesText(app, 'User,Product,Order:1:User+Product,Billing'), 'User,Product,Order:1:User+Product,Billing');
      await app.testid('sf-calls-2').getByLabel('calls Billing', { exact: true }).check();
      await app.testid('sf-calls-2').getByLabel('How Order calls Billing').selectOption('through the queue');
      assert.equal(await servicesText(app, 'User,Product,Order:1:User+Product+~Billing,Billing'), 'User,Product,Order:1:User+Product+~Billing,Billing');
      assert.match(await app.waitForQuery((q) => q.includes('Billing')), /services=/);

      await app.testid('sf-share-3').fill('lots');
      await app.testid('sf-share-3').press('Tab');
      assert.match(await app.testid('sf-error-3').innerText(), /^Share of client traffic: “lots” is not a number; the list keeps the share it had\.$/);
      // A share of 0: internal, only Order's calls reach it; no notice. Below 0 is named.
      await app.testid('sf-share-3').fill('0');
      await app.testid('sf-share-3').press('Tab');
      assert.equal(await servicesText(app, 'User,Product,Order:1:User+Product+~Billing,Billing:0'), 'User,Product,Order:1:User+Product+~Billing,Billing:0');
      assert.equal(await app.testid('service-editor-problems').locator('li').count(), 0);
      // Under each share, what it means among the named services (read once the rows are redrawn).
      const pct = (i) => app.page.waitForFunction(
        (i) => document.querySelector(`[data-testid="sf-pct-${i}"]`)?.textContent,
        i,
      ).then((h) => h.jsonValue());
      await app.page.waitForFunction(() => document.querySelector('[data-testid="sf-pct-3"]')?.textContent === 'internal: only calls reach it', null, { timeout: 5_000 });
      assert.equal(await pct(0), "33% of the named services' client requests");
      await app.testid('sf-share-3').fill('-1');
      await app.testid('sf-share-3').press('Tab');
      await app.testid('service-editor-problems').getByText('Named services: Billing: weight -1 is outside 0 to 1,000,000; used 0.').waitFor();

      await app.testid('sf-remove-3').click();
      assert.equal(await servicesText(app, 'User,Product,Order:1:User+Product'), 'User,Product,Order:1:User+Product');

      // On a phone the inputs panel is folded behind "Show inputs".
      const toggle = app.page.locator('.sm-inputs-toggle');
      if (await toggle.isVisible()) await toggle.click();
      await app.type('services', 'A:1:B,B');
      await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-editor"] li.sm-sf-row').length === 2);
      assert.equal(await app.testid('sf-name-0').inputValue(), 'A');
      assert.equal(await app.testid('sf-calls-0').getByLabel('calls B', { exact: true }).isChecked(), true);
      await editor.scrollIntoViewIfNeeded();
      await screenshot(app.page, `service-editor-${width}`);
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

// Guards: the growth page's "Named services" field links to the same list as a form: the Learn
// page opens with the scenario and its service editor focused.
test('the growth page links its services to the form', async () => {
  const app = await ScalemapPage.open(site.browser, site.server.url, '?v=3&services=Web:1:Auth,Auth:0', { width: 1280, height: 900 });
  try {
    await app.reveal('services');
    const link = app.testid('services-form-link');
    await link.waitFor();
    await link.click();
    await app.page.waitForURL(/\/learn\/\?.*services=Web:1:Auth,Auth:0.*#services$/);
    await app.page.waitForFunction(() => document.activeElement?.id === 'sm-services-form');
    assert.equal(await app.testid('sf-share-1').inputValue(), '0');
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
