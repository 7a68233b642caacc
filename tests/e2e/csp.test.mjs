// Content-Security-Policy (issue: share links and embedding): the built index.html carries a
// policy whose only inline-script allowance is the hash of the loader trunk emitted, no
// 'unsafe-eval' (only 'wasm-unsafe-eval') and no other origin; _headers carries the same policy
// plus frame-ancestors; the page runs under it without a single violation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useSite, DIST } from './support/site.mjs';
import { newPage } from './support/browser.mjs';

const html = existsSync(path.join(DIST, 'index.html')) ? readFileSync(path.join(DIST, 'index.html'), 'utf8') : '';

function policyOf(text) {
  const m = text.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  return m && m[1];
}

test('the meta policy hashes exactly the inline scripts trunk emitted', () => {
  const policy = policyOf(html);
  assert.ok(policy, 'index.html has a CSP meta tag');
  const head = html.slice(0, html.indexOf('</head>'));
  assert.ok(head.indexOf('Content-Security-Policy') < head.indexOf('<script'), 'the policy comes before any script');
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.ok(inline.length >= 1, 'trunk emitted its loader');
  const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.deepEqual(scriptSrc.split(/\s+/).filter((t) => t.startsWith("'sha256-")).sort(), hashes.sort());
  assert.ok(scriptSrc.includes("'wasm-unsafe-eval'"));
  assert.ok(!policy.includes("'unsafe-eval'"), 'no unsafe-eval');
  assert.ok(!/script-src[^;]*'unsafe-inline'/.test(policy), 'no unsafe-inline scripts');
  assert.ok(!/https?:\/\//.test(policy), 'no third-party origins');
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /object-src 'none'/);
});

test('_headers carries the same policy and frame-ancestors for static hosts', () => {
  const headers = readFileSync(path.join(DIST, '_headers'), 'utf8');
  const line = headers.split('\n').find((l) => l.trim().startsWith('Content-Security-Policy:'));
  assert.ok(line, '_headers has a CSP line');
  assert.ok(line.includes(policyOf(html)), 'same policy as the meta tag');
  assert.match(line, /frame-ancestors /);
});

const site = useSite('/csp/');

test('the app runs under its policy with no violation', async () => {
  const page = await newPage(site.browser);
  try {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(site.server.url + '?preset=maturity', { waitUntil: 'load' });
    await page.locator('[data-testid="app-ready"]').first().waitFor({ state: 'attached' });
    await page.locator('[data-testid="diagram-0"] svg').first().waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  } finally {
    await page.context().close();
  }
});
