#!/usr/bin/env node
// Trunk post-build hook: writes the Content-Security-Policy for the built site.
//
// Trunk emits one inline <script type="module"> (the wasm loader), whose text names the
// content-hashed file names and so changes with every build. This script makes the loader fetch
// the wasm with its Subresource Integrity hash (see below), hashes every inline script of
// index.html (SHA-256, base64), then
//   1. puts <meta http-equiv="Content-Security-Policy"> first in <head> (after the charset), and
//   2. writes `_headers` (Netlify / Cloudflare Pages format) with the same policy plus
//      frame-ancestors, which browsers ignore in a <meta> tag.
// The policy allows no other inline script, no eval (only 'wasm-unsafe-eval' for the module),
// no inline style and nothing from any other origin. Styles come only from the page's own
// style sheet: the page drops the <style> block of every drawing it injects (its rules are in
// style/main.css, kept equal by tests/page_styles.rs), sets no style attribute, and positions
// its popover through the CSS object model, which style-src does not govern. So no text that
// reaches the page (a link, a field) can reach a style (tests/e2e/reliability.test.mjs loads
// the page under this policy and counts violations).
//
// Usage: node scripts/csp.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR, then dist)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || "dist";
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");

// Drop a policy from an earlier run, so the hook can run twice.
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/g, "");

// Subresource Integrity for the wasm. Trunk writes its hash on the wasm's <link rel=preload
// as=fetch>, where browsers ignore it (Chromium warns on every load: "The integrity attribute
// is currently ignored for preload destinations that do not support subresource integrity"),
// and the loader then fetches the wasm with no integrity check at all. So the loader fetches it
// with the hash (a fetch() with `integrity` is checked, and fails closed), and the preload
// loses the attribute that did nothing. Done before the loader is hashed below.
const wasmSri = (name) =>
  `sha384-${createHash("sha384").update(readFileSync(join(dir, name))).digest("base64")}`;
html = html.replace(/module_or_path:\s*(['"])(\.?\/?[\w.-]+_bg\.wasm)\1/g, (_, q, path) => {
  const sri = wasmSri(path.replace(/^\.?\//, ""));
  return `module_or_path: fetch(${q}${path}${q}, { integrity: ${q}${sri}${q} })`;
});
html = html.replace(/<link\b[^>]*_bg\.wasm[^>]*>/g, (link) =>
  link.replace(/\s+integrity=("[^"]*"|'[^']*'|[^\s>]+)/, ""),
);

/** The CSP source of every inline script of `text` ('sha256-...'). */
const inlineHashes = (text) =>
  [...text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
  );
const hashes = inlineHashes(html);
if (hashes.length === 0) {
  console.error(`csp.mjs: no inline loader script found in ${file}`);
  process.exit(1);
}

/** The policy that allows the inline scripts `hashes` and nothing else inline. */
const policyFor = (hashes) => [
  "default-src 'self'",
  `script-src 'self' ${hashes.join(" ")} 'wasm-unsafe-eval'`,
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
export const policy = policyFor(hashes);

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
// Right after the charset (release builds are minified, and a minified page has no <head> tag).
const anchor = html.match(/<meta charset[^>]*>/i) ?? html.match(/<head[^>]*>/i);
if (!anchor) {
  console.error(`csp.mjs: no <meta charset> or <head> in ${file} to put the policy after`);
  process.exit(1);
}
html = html.replace(anchor[0], `${anchor[0]}\n    ${meta}`);
writeFileSync(file, html);

// The other pages this build copied in (the Day page: day/index.html, built before with its own
// policy in its <meta>). `_headers` applies to every path of the site, so its policy allows
// every page's loader; a sub-folder's own `_headers` would not be read by the host, and goes.
const subPages = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "index.html")))
  .map((e) => e.name);
const siteHashes = [...hashes];
for (const sub of subPages) {
  siteHashes.push(...inlineHashes(readFileSync(join(dir, sub, "index.html"), "utf8")));
  rmSync(join(dir, sub, "_headers"), { force: true });
}

// frame-ancestors: any https page (course sites) and local development may embed Scalemap.
const headers = `/*
  Content-Security-Policy: ${policyFor(siteHashes)}; frame-ancestors 'self' https: http://localhost:* http://127.0.0.1:*
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
`;
writeFileSync(join(dir, "_headers"), headers);
console.log(
  `csp.mjs: ${hashes.length} inline script(s) hashed into ${file}, ${siteHashes.length} into ${join(dir, "_headers")}` +
    (subPages.length ? ` (with ${subPages.map((p) => `${p}/index.html`).join(", ")})` : ""),
);
