// Embed heights (issue 16): an embed posts its height whenever its content's height changes,
// from whatever cause, and also when it is a cross-origin frame below the host page's fold, where
// the browser renders nothing (no animation frames, no resize observations). The host page here
// is served from another origin (`localhost` against the site's `127.0.0.1`, another port too),
// as on a course site, and sizes each frame to the height it is sent; the frame then shows its
// whole content and nothing more, within 2 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { useSite } from './support/site.mjs';
import { newPage, collectErrors } from './support/browser.mjs';

const site = useSite('/course/scalemap/');

/** A host page on another origin: one frame at the top, one far below the fold. */
let host;
before(async () => {
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://localhost');
    const src = (q) => `${site.server.url}?${q}`;
    const frames = JSON.parse(u.searchParams.get('frames') || '[]');
    const gap = Number(u.searchParams.get('gap') || 0);
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font:14px sans-serif} iframe{display:block;width:100%;border:0}</style></head><body>
${frames
  .map(
    (f, i) =>
      `${i > 0 ? `<div class="gap" style="height:${gap}px">spacer</div>` : ''}<iframe id="${f.id}" title="${f.id}" src="${src(f.q)}&id=${f.id}" height="${f.h || 200}"></iframe>`,
  )
  .join('\n')}
<script>
  // The listener of public/embed-example.js, recording every height it applies.
  window.__heights = {};
  addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(site.server.origin)}) return;
    const d = event.data;
    if (!d || d.type !== 'scalemap:height' || typeof d.height !== 'number') return;
    for (const f of document.querySelectorAll('iframe')) {
      if (f.contentWindow === event.source) {
        f.style.height = Math.ceil(d.height) + 'px';
        (window.__heights[f.id] ||= []).push(d.height);
      }
    }
  });
</script></body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = {
    url: (frames, gap = 0) =>
      `http://localhost:${server.address().port}/host.html?gap=${gap}&frames=${encodeURIComponent(JSON.stringify(frames))}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
});
after(() => host?.close());

/** The Playwright frame of the embed named `id`. */
function frameOf(page, id) {
  const f = page.frames().find((fr) => new URL(fr.url() || 'about:blank', 'http://x').searchParams.get('id') === id);
  assert.ok(f, `frame ${id} is loaded`);
  return f;
}

/** The embed's content height (its root element) and the height its frame has on the host. */
async function heights(page, id) {
  const content = await frameOf(page, id).evaluate(() => document.getElementById('sm-app')?.getBoundingClientRect().height ?? 0);
  const frame = await page.locator(`#${id}`).evaluate((f) => f.getBoundingClientRect().height);
  return { content, frame };
}

/** Waits until frame `id` is sized to its content within 2 px; returns the heights. */
async function fits(page, id, what, minContent = 100) {
  const end = Date.now() + 15_000;
  let h = { content: 0, frame: 0 };
  while (Date.now() < end) {
    h = await heights(page, id).catch(() => h);
    if (h.content > minContent && Math.abs(h.content - h.frame) <= 2) return h;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what}: frame ${id} is ${h.frame} px for ${h.content} px of content`);
}

/** Grows an embed's content without the page's own event handlers: more stages through the
 *  users field (an input event, as typing sends), or an opened <details> (a DOM change only). */
async function grow(frame, how) {
  await frame.evaluate((how) => {
    if (how === 'stages') {
      const input = document.querySelector('[data-testid="input-users"]');
      input.value = '100,1k,10k,100k,1m,10m,100m,1b';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    } else {
      document.querySelector('details.sm-embed-inputs').open = true;
    }
  }, how);
}

/** Whether the frame `id` is inside the host's viewport. */
async function onScreen(page, id) {
  return page.locator(`#${id}`).evaluate((f) => f.getBoundingClientRect().top < innerHeight);
}

test('embed heights follow content growth, on screen and in a cross-origin frame below the fold', async () => {
  const page = await newPage(site.browser, { width: 1280, height: 900 });
  const errors = collectErrors(page);
  try {
    await page.goto(
      host.url(
        [
          { id: 'top', q: 'preset=maturity&embed=1&view=diagrams', h: 300 },
          { id: 'below', q: 'preset=parallel-running&embed=1', h: 1200 },
        ],
        4000,
      ),
      { waitUntil: 'load' },
    );
    const first = await fits(page, 'top', 'after load');
    const below = await fits(page, 'below', 'after load, off-screen');
    assert.ok(below.content > 1200, `the off-screen embed is taller than its initial frame: ${below.content}`);
    assert.equal(await onScreen(page, 'below'), false, 'the second frame is below the fold');
    for (const id of ['top', 'below']) {
      const before = await heights(page, id);
      await grow(frameOf(page, id), 'stages');
      const more = await fits(page, id, `${id}: more stages`, before.content + 40);
      await grow(frameOf(page, id), 'details');
      await fits(page, id, `${id}: inputs opened`, more.content + 40);
    }
    assert.equal(await onScreen(page, 'below'), false, 'nothing scrolled the second frame into view');
    const posted = await page.evaluate(() => window.__heights);
    assert.ok(posted.top.length >= 3 && posted.below.length >= 3, JSON.stringify(posted));
    assert.ok(first.content > 100);
    // A cross-origin embed that shows diagrams logs nothing (the enlarge dialog's autofocus did).
    assert.deepEqual(errors.all(), []);
  } finally {
    await page.context().close();
  }
});

test('at phone width an embed reports its content height from the first message', async () => {
  const page = await newPage(site.browser, { width: 390, height: 844 });
  try {
    const frames = [
      { id: 'diagram', q: 'embed=1&view=diagram&stage=2&ro=1', h: 200 },
      { id: 'chart', q: 'embed=1&view=chart&ro=1', h: 200 },
      { id: 'diagrams', q: 'embed=1&view=diagrams&ro=1', h: 200 },
    ];
    await page.goto(host.url(frames, 900), { waitUntil: 'load' });
    for (const { id } of frames) {
      const h = await fits(page, id, 'after load');
      await page.waitForTimeout(300);
      const posted = await page.evaluate((id) => window.__heights[id], id);
      assert.ok(Math.abs(posted[0] - h.content) <= 2, `${id}: first message ${posted[0]} px for ${h.content} px (${posted})`);
      assert.ok(Math.abs(posted.at(-1) - h.content) <= 2, `${id}: last message ${posted.at(-1)} px for ${h.content} px`);
    }
  } finally {
    await page.context().close();
  }
});
