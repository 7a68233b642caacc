#!/usr/bin/env node
// Trunk's one post-build hook: runs scripts/minify-js.mjs, then scripts/csp.mjs, in that order.
//
// Why one hook: trunk starts every hook of a stage at the same moment. With two hooks,
// minify-js.mjs (slow: terser) read index.html before csp.mjs wrote the policy into it and
// wrote its own copy back afterwards, so on a busy machine the page shipped without its
// Content-Security-Policy. Run in sequence, each sees the other's output.
//
// Usage: node scripts/post-build.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR, then dist)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const args = process.argv.slice(2);
for (const step of ["minify-js.mjs", "csp.mjs"]) {
  execFileSync(process.execPath, [here(step), ...args], { stdio: "inherit" });
}
