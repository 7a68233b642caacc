// The embed builder (issue 15 §3), on the Learn page for course authors: "Embed in a course"
// on any page opens it with the scenario; it chooses the page, part, stage, read-only, quiz or
// the exercise's questions, theme, height and name; the preview is a real iframe of the site,
// sized by the height it reports; the code to paste is the iframe and the README's height
// listener, with the same address.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { screenshot } from './support/browser.mjs';
import { LearnPage, ScalemapPage } from './support/app.mjs';

const site = useSite('/course/builder/');

/** The preview frame's page, once its app is up. */
async function previewFrame(app) {
  const handle = await app.testid('eb-preview').elementHandle();
  const frame = await handle.contentFrame();
  await frame.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached', timeout: 20_000 });
  return frame;
}

// Guards: the growth page's "Embed in a course" opens the builder on the Learn page with the
// scenario; choosing one diagram at stage 2, dark, writes it into the preview's address and the
// snippet (the same address, absolute, the title naming the changed scenario, the listener
// checking the origin); the preview reports its height and the builder sizes it.
for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`the builder's preview and snippet at ${width} px`, async () => {
    const app = await ScalemapPage.open(site.browser, site.server.url, '?v=2&preset=architecture&users=100,10k', { width, height });
    try {
      await app.testid('copy-embed').click();
      await app.page.waitForURL(/\/learn\//);
      const builder = app.testid('embed-builder');
      await builder.waitFor();
      await app.testid('eb-view').selectOption('diagram');
      await app.testid('eb-stage').selectOption('1');
      await app.testid('eb-theme').selectOption('dark');
      const src = await app.testid('eb-preview').getAttribute('src');
      assert.match(src, /^\.\.\/\?v=3&users=100,10k&embed=1&view=diagram&stage=2&ro=1&theme=dark$/, src);
      const frame = await previewFrame(app);
      await frame.locator('[data-testid="diagram-1"] svg').waitFor();
      await app.page.waitForFunction(() => Number(document.querySelector('[data-testid="eb-preview"]').getAttribute('height')) !== 600);
      const code = await app.testid('eb-code').inputValue();
      const origin = new URL(site.server.url).origin;
      const absolute = `${site.server.url}${src.slice('../'.length)}`.replaceAll('&', '&amp;');
      assert.ok(code.includes(`<iframe src="${absolute}"`), `${absolute} in ${code}`);
      assert.match(code, /title="Scalemap: Custom scenario, from the first microservice architecture"/);
      assert.ok(code.includes(`if (event.origin !== "${origin}") return;`), code);
      assert.match(code, /scalemap:height/);
      await builder.scrollIntoViewIfNeeded();
      await screenshot(app.page, `embed-builder-${width}`);
      assert.deepEqual(app.errors.all(), []);
    } finally {
      await app.close();
    }
  });
}

// Guards: the Learn page embedded with exercise questions: the builder writes `ask=` for the
// Learn page, and the preview shows the exercise.
test('the builder embeds an exercise', async () => {
  const app = await LearnPage.open(site.browser, site.server.url, '?v=2&preset=architecture#embed');
  try {
    await app.testid('embed-builder').waitFor();
    await app.testid('eb-page').selectOption('learn');
    await app.testid('eb-ask').fill('peak_rps@2');
    await app.testid('eb-ask').press('Tab');
    assert.match(await app.testid('eb-preview').getAttribute('src'), /^\.\.\/learn\/\?v=3&embed=1&ro=1&ask=peak_rps@2$/);
    const frame = await previewFrame(app);
    await frame.locator('[data-testid="q-0"]').waitFor();
    assert.match(await app.testid('eb-code').inputValue(), /learn\/\?v=3&amp;embed=1&amp;ro=1&amp;ask=peak_rps@2/);
    assert.deepEqual(app.errors.all(), []);
  } finally {
    await app.close();
  }
});
