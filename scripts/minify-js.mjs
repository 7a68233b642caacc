#!/usr/bin/env node
// Trunk post-build hook (release builds only): minifies wasm-bindgen's JS glue with terser and
// updates its Subresource Integrity hash in index.html.
//
// Why: the glue is shipped as written (46 KB, 7.7 KB gzip); trunk's own JS minifier cannot parse
// it (see Trunk.toml). Minified it is 6.1 KB gzip. The size budget (scripts/size-budget.mjs)
// counts what is shipped.
//
// What: every .js file in the staging dir whose SRI hash index.html carries (trunk writes
// `integrity="sha384-..."` on the glue's modulepreload link). The inline loader script is not
// touched (its CSP hash stays valid; scripts/csp.mjs runs after this hook). Exports keep their
// names (the loader imports `init` and reads the module's exports); only local names are mangled.
// Before terser, scripts/unused-exports.mjs drops JS classes the page cannot use (and orders
// the wasm's functions for gzip: scripts/order-functions.mjs) and scripts/short-names.mjs gives the wasm's imports and exports short names, in the wasm
// (`<glue>_bg.wasm`, rewritten here; csp.mjs hashes it afterwards) and in the glue.
// Fails loudly when index.html names no such file, or when terser is not installed
// (scripts/setup.sh installs it with the browser-test packages in tests/e2e).
//
// Usage: node scripts/minify-js.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR, then dist)
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { shortenGlue, shortenWasm } from "./short-names.mjs";
import { dropUnusedGlue, dropUnusedWasm } from "./unused-exports.mjs";

if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== "release") process.exit(0);

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || "dist";
const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
let minify;
try {
  ({ minify } = require("terser"));
} catch {
  console.error("minify-js.mjs: terser is not installed in tests/e2e; run scripts/setup.sh");
  process.exit(1);
}

const sri = (text) => `sha384-${createHash("sha384").update(text).digest("base64")}`;
const indexFile = join(dir, "index.html");
let html = readFileSync(indexFile, "utf8");
let done = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
  const file = join(dir, name);
  const source = readFileSync(file, "utf8");
  const before = sri(source);
  if (!html.includes(before)) continue; // not the glue (e.g. the embed example, kept readable)
  // First, in the glue and its wasm: no JS classes the page cannot use
  // (scripts/unused-exports.mjs), then short import and export names (scripts/short-names.mjs).
  const wasmFile = join(dir, name.replace(/\.js$/, "_bg.wasm"));
  const short = shortenWasm(dropUnusedWasm(readFileSync(wasmFile)).wasm);
  writeFileSync(wasmFile, short.wasm);
  const glue = shortenGlue(dropUnusedGlue(source, short.imports), short);
  // ES2015 output with `unsafe_arrows`: the import object's `name: function (...) {...}` entries
  // become methods and arrows (nothing in the glue uses a function's prototype or `this`
  // there; the page's browsers all run ES2015): 66 bytes less gzip (3,910 -> 3,844).
  const out = await minify(glue, {
    module: true,
    ecma: 2015,
    compress: { passes: 2, unsafe_arrows: true },
    mangle: true,
  });
  if (!out.code) {
    console.error(`minify-js.mjs: terser returned nothing for ${name}`);
    process.exit(1);
  }
  writeFileSync(file, out.code);
  html = html.replaceAll(before, sri(out.code));
  console.log(`minify-js.mjs: ${name} ${source.length} -> ${out.code.length} bytes`);
  done += 1;
}
if (done === 0) {
  console.error(`minify-js.mjs: index.html in ${dir} carries the integrity hash of no .js file`);
  process.exit(1);
}
writeFileSync(indexFile, html);
