// scratch (not committed)
import { startServer } from './support/server.mjs';
import { launch, newPage } from './support/browser.mjs';
const [width, query, out] = [Number(process.argv[2] || 390), process.argv[3] || '', process.argv[4] || ''];
const server = await startServer({ root: process.env.SCALEMAP_DIST, basePath: '/x/' });
const browser = await launch();
const page = await newPage(browser, { width, height: 844, colorScheme: process.env.SCHEME || 'light' });
page.on('console', m => console.log('console:', m.text()));
await page.goto(server.url + query, { waitUntil: 'load' });
await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
await page.waitForTimeout(800);
const r = await page.evaluate(() => {
  const vw = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.right > vw + 0.5 && r.width > 0; })
    .map(e => `${e.tagName}.${e.className?.baseVal ?? e.className} right=${e.getBoundingClientRect().right.toFixed(0)} w=${e.getBoundingClientRect().width.toFixed(0)}`);
  return { sw: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 25) };
});
console.log(JSON.stringify(r, null, 1));
if (out) { await page.addStyleTag({ content: '* { content-visibility: visible !important; }' }); await page.screenshot({ path: out, fullPage: process.env.FULL === '1' }); }
await browser.close(); await server.close();
