#!/usr/bin/env node
// Size budget for the shipped site, page by page: for every HTML page under dist/, the gzip
// sizes of the .wasm, .js and .css files it loads must add up to at most the budget. What a
// page loads: every .wasm, .js and .css path its HTML names (links, scripts, the loader's
// imports and fetches), the files those .js files import, and everything a page it frames
// (`<iframe src>`, e.g. the embed example's frames of the growth page) loads. Every such file
// under dist/ must be loaded by some page: a file no page names fails the check rather than
// going uncounted.
//
// The site has four pages (ARCHITECTURE.md, "Four pages"): the growth page (index.html), the
// Day page (day/index.html), the Ranges page (ranges/index.html) and the Learn page (learn/index.html), each a build of the app
// with only its own views; a visitor loads one page's files, never two pages' at once.
//
// The ceiling is 300 KiB, raised from the benchmark issue's 250 KiB by issue "Model v2" to pay
// for the model's new dimensions. The page measured 248.1 KiB when the 250 KiB budget
// became enforced (273.3 KiB before one compiled dynamic view and list type, fewer
// Memo types, wasm-opt --low-memory-unused and terser for the JS glue; 325.7 KiB before the
// standard library was built with the app; see ARCHITECTURE.md, "Release builds"). Where the
// bytes go: bench/run.sh (twiggy) and the README's "Benchmark".
// Prints raw / gzip / brotli per file and each page's totals; exits 1 when a page is over
// budget, when a file is loaded by no page, or when dist/ holds no .wasm (nothing was built).
//
// usage: node scripts/size-budget.mjs [DIST_DIR]        (default: dist/ at the repo root)
// env:   SIZE_BUDGET_KB=300                               (gzip budget in KiB, 1 KiB = 1024 bytes)

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(repoRoot, 'dist'));
const budgetKb = Number(process.env.SIZE_BUDGET_KB || 300);
const budget = budgetKb * 1024;
const EXTS = new Set(['.wasm', '.js', '.css']);

if (!existsSync(dist) || !statSync(dist).isDirectory()) {
  console.error(`size budget: ${dist} does not exist; run \`trunk build --release\` first.`);
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.isFile() && EXTS.has(path.extname(entry.name)) ? [full] : [];
  });
}

const files = walk(dist).sort();
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error(`size budget: no .wasm file under ${dist}; was the site built?`);
  process.exit(1);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = new Map(
  files.map((file) => {
    const data = readFileSync(file);
    return [
      file,
      {
        raw: data.length,
        gzip: gzipSync(data, { level: 9 }).length,
        brotli: brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        }).length,
      },
    ];
  }),
);

// Relative paths a text names, ending in .wasm, .js, .css or .html (a query or a fragment after
// it is dropped): quoted strings (the loader's imports and fetches, a glue's imports) and
// `href=` / `src=` attributes, quoted or not (minified HTML drops the quotes). Absolute and
// remote URLs are not the site's files.
const PATH = /^([^?#]+?\.(wasm|js|css|html))(?:[?#].*)?$/;
function named(text, exts) {
  const candidates = [
    ...[...text.matchAll(/["'`]([^"'`\s<>]+)["'`]/g)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:href|src)=([^\s>"'`]+)/g)].map((m) => m[1]),
  ];
  return candidates
    .map((c) => c.replace(/&amp;/g, '&').match(PATH))
    .filter((m) => m && exts.includes(m[2]) && !/^[a-z]+:|^\/\//i.test(m[1]) && !m[1].startsWith('/'))
    .map((m) => m[1]);
}
// The frames a page opens: `<iframe src="./?...">` is the folder's index.html.
const frames = (html) =>
  [...html.matchAll(/<iframe\b[^>]*?\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g)]
    .map((m) => (m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, '&').split(/[?#]/)[0])
    .filter((src) => !/^[a-z]+:|^\/\//i.test(src))
    .map((src) => (/\.html$/.test(src) ? src : `${src.replace(/\/?$/, '/')}index.html`));

/** The files under dist/ that the page at `html` loads (see the header). */
function loads(html, seen = new Set()) {
  if (seen.has(html) || !existsSync(html)) return new Set();
  seen.add(html);
  const out = new Set();
  const dir = path.dirname(html);
  const text = readFileSync(html, 'utf8');
  const queue = named(text, ['wasm', 'js', 'css']).map((p) => path.resolve(dir, p));
  while (queue.length) {
    const file = queue.shift();
    if (out.has(file) || !sizes.has(file)) continue;
    out.add(file);
    if (file.endsWith('.js')) {
      for (const p of named(readFileSync(file, 'utf8'), ['js', 'wasm'])) queue.push(path.resolve(path.dirname(file), p));
    }
  }
  for (const f of frames(text)) for (const file of loads(path.resolve(dir, f), seen)) out.add(file);
  return out;
}

const walkHtml = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walkHtml(full);
    return entry.isFile() && entry.name.endsWith('.html') ? [full] : [];
  });
const pages = walkHtml(dist).sort().map((html) => ({ html, files: [...loads(html)].sort() }));

const sum = (list) =>
  list.reduce((t, f) => {
    const r = sizes.get(f);
    return { raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli };
  }, { raw: 0, gzip: 0, brotli: 0 });
const width = Math.max(24, ...files.map((f) => path.relative(dist, f).length + 2));
const line = (name, r) =>
  `${name.padEnd(width)}  ${kb(r.raw).padStart(11)}  ${kb(r.gzip).padStart(11)}  ${kb(r.brotli).padStart(11)}`;

let failed = false;
for (const page of pages) {
  const name = path.relative(dist, page.html);
  if (page.files.length === 0) continue; // a page that loads nothing of ours (none today)
  console.log(`${('page ' + name).padEnd(width)}  ${'raw'.padStart(11)}  ${'gzip'.padStart(11)}  ${'brotli'.padStart(11)}`);
  for (const f of page.files) console.log(line('  ' + path.relative(dist, f), sizes.get(f)));
  const total = sum(page.files);
  console.log(line('  total', total));
  const verdict = `${name}: ${kb(total.gzip)} gzip (${total.gzip} bytes) of a ${budgetKb} KiB budget (${budget} bytes)`;
  if (total.gzip > budget) {
    console.error(`size budget: OVER: ${verdict}`);
    failed = true;
  } else {
    console.log(`size budget: ok: ${verdict}, ${kb(budget - total.gzip)} to spare`);
  }
  console.log('');
}
const loaded = new Set(pages.flatMap((p) => p.files));
for (const f of files) {
  if (!loaded.has(f)) {
    console.error(`size budget: ${path.relative(dist, f)} is loaded by no page, so no page's budget counts it`);
    failed = true;
  }
}
if (failed) process.exit(1);
