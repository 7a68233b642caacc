// Content-Security-Policy (issue: share links and embedding): each built page (index.html, the
// Day page's day/index.html and the Ranges page's ranges/index.html) carries a policy whose only
// inline-script allowance is the hash of the loader trunk emitted, no 'unsafe-eval' (only
// 'wasm-unsafe-eval') and no other origin; the site's one _headers carries the same policy,
// allowing every page's loader, plus frame-ancestors; every page runs under its policy without
// a single violation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useSite, DIST } from './support/site.mjs';
import { newPage } from './support/browser.mjs';

const read = (file) => (existsSync(path.join(DIST, file)) ? readFileSync(path.join(DIST, file), 'utf8') : '');
const PAGES = ['index.html', 'day/index.html', 'ranges/index.html', 'learn/index.html'];

function policyOf(text) {
  const m = text.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  return m && m[1];
}

/** The 'sha256-...' sources of a policy's script-src. */
const scriptHashes = (policy) =>
  policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')).split(/\s+/).filter((t) => t.startsWith("'sha256-"));

for (const file of PAGES) test(`${file}: the meta policy hashes exactly the inline scripts trunk emitted`, () => {
  const html = read(file);
  const policy = policyOf(html);
  assert.ok(policy, `${file} has a CSP meta tag`);
  const head = html.slice(0, html.indexOf('</head>'));
  assert.ok(head.indexOf('Content-Security-Policy') < head.indexOf('<script'), 'the policy comes before any script');
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.ok(inline.length >= 1, 'trunk emitted its loader');
  const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.deepEqual(scriptHashes(policy).sort(), hashes.sort());
  assert.ok(scriptSrc.includes("'wasm-unsafe-eval'"));
  assert.ok(!policy.includes("'unsafe-eval'"), 'no unsafe-eval');
  assert.ok(!/script-src[^;]*'unsafe-inline'/.test(policy), 'no unsafe-inline scripts');
  assert.ok(!/https?:\/\//.test(policy), 'no third-party origins');
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /object-src 'none'/);
});

test('_headers carries the same policy, allowing every page, and frame-ancestors for static hosts', () => {
  const headers = readFileSync(path.join(DIST, '_headers'), 'utf8');
  const line = headers.split('\n').find((l) => l.trim().startsWith('Content-Security-Policy:'));
  assert.ok(line, '_headers has a CSP line');
  const site = line.replace(/^\s*Content-Security-Policy:\s*/, '');
  const withoutScripts = (p) => p.replace(/script-src[^;]*;/, '');
  const pages = PAGES.map((f) => policyOf(read(f)));
  for (const p of pages) {
    assert.ok(withoutScripts(site).includes(withoutScripts(p)), 'the same policy as the meta tag, script hashes aside');
    for (const h of scriptHashes(p)) assert.ok(scriptHashes(site).includes(h), `_headers allows ${h}`);
  }
  assert.equal(scriptHashes(site).length, pages.reduce((n, p) => n + scriptHashes(p).length, 0), 'and no other script');
  assert.match(line, /frame-ancestors /);
  for (const sub of ['day', 'ranges', 'learn']) assert.ok(!existsSync(path.join(DIST, sub, '_headers')), 'one _headers for the site (hosts read only the root one)');
});

const site = useSite('/csp/');

for (const [name, sub, ready] of [
  ['growth page', '', '[data-testid="diagram-0"] svg'],
  ['Day page', 'day/', '[data-testid="day-chart"] svg'],
  ['Ranges page', 'ranges/?rpu=20..40', '[data-testid="band-chart"] svg'],
  ['Learn page', 'learn/', '[data-testid="self-check"] li'],
]) test(`the ${name} runs under its policy with no violation`, async () => {
  const page = await newPage(site.browser);
  try {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(site.server.url + sub + '?preset=maturity', { waitUntil: 'load' });
    await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  } finally {
    await page.context().close();
  }
});
