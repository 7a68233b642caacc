// Drops from the release wasm and its JS glue the JS classes nothing on the page can create
// (used by minify-js.mjs, before scripts/short-names.mjs).
//
// Why: Leptos always depends on its server functions with their browser feature, which pull
// in wasm-streams, and wasm-streams exports three classes to JS (IntoUnderlyingSource,
// IntoUnderlyingByteSource, IntoUnderlyingSink: Rust streams as JS ReadableStream and
// WritableStream sources and sinks). A wasm-bindgen export is kept alive by being exported,
// whether anything uses it or not, so their code, the futures machinery under it and the
// classes' glue ship with the page: about 1.6 KiB of gzip. This client-side page calls no
// server function and makes no stream.
//
// What: removes the classes' exports from the wasm, lets wasm-opt (npm's binaryen, as the
// build's) remove what only they reached, and removes the classes, their finalization
// registries, the enum only they read and the imports the wasm no longer has from the glue.
// Throws when the glue does not have them where expected or still names them afterwards, so
// a new wasm-bindgen or wasm-streams fails the build instead of the page.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { u32 } from "./short-names.mjs";

/** The classes, by their JS names; their wasm exports are their lower-case names (+ `_free`). */
export const UNUSED_CLASSES = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];
const exportPattern = new RegExp(`^(__wbg_)?(${UNUSED_CLASSES.map((c) => c.toLowerCase()).join("|")})_`);

const WASM_OPT = fileURLToPath(new URL("../tests/e2e/node_modules/.bin/wasm-opt", import.meta.url));

const leb = (bytes, pos) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, pos];
  }
};

/** `wasm` without the exports `drop` accepts, and the names dropped. */
export function withoutExports(wasm, drop) {
  const parts = [wasm.subarray(0, 8)];
  const dropped = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const end = pos + size;
    let payload = wasm.subarray(pos, end);
    if (id === 7) {
      let count;
      let p;
      [count, p] = leb(wasm, pos);
      const kept = [];
      for (let i = 0; i < count; i++) {
        const start = p;
        let len;
        [len, p] = leb(wasm, p);
        const name = wasm.subarray(p, p + len).toString("utf8");
        [, p] = leb(wasm, p + len + 1); // kind byte, then index
        if (drop(name)) dropped.push(name);
        else kept.push(wasm.subarray(start, p));
      }
      payload = Buffer.concat([u32(kept.length), ...kept]);
    }
    parts.push(Buffer.from([id]), u32(payload.length), payload);
    pos = end;
  }
  return { wasm: Buffer.concat(parts), dropped };
}

/** The wasm without the classes' exports and what only they reached (wasm-opt). */
export function dropUnusedWasm(wasm) {
  const { wasm: trimmed, dropped } = withoutExports(wasm, (name) => exportPattern.test(name));
  if (dropped.length === 0) throw new Error("unused-exports: the wasm exports none of the classes");
  const dir = mkdtempSync(join(tmpdir(), "scalemap-unused-"));
  try {
    const input = join(dir, "in.wasm");
    const output = join(dir, "out.wasm");
    writeFileSync(input, trimmed);
    // The build's own optimisation again (index.html's `-Oz --low-memory-unused --converge`,
    // which removes what only the classes reached): what their removal leaves, such as
    // functions with one caller left, optimises further (0.2 KiB of gzip less than removal
    // alone, measured with scripts/size-budget.mjs).
    execFileSync(WASM_OPT, [
      "-Oz",
      "--low-memory-unused",
      "--converge",
      input,
      "-o",
      output,
    ]);
    return { wasm: readFileSync(output), dropped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes `pattern` from `js` once, or throws naming `what`. */
function cut(js, pattern, what) {
  if (!pattern.test(js)) throw new Error(`unused-exports: ${what} not found in the glue`);
  return js.replace(pattern, "");
}

/** The glue without the classes and without the imports `imports` (the wasm's) lacks. */
export function dropUnusedGlue(js, imports) {
  for (const name of UNUSED_CLASSES) {
    js = cut(js, new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?^\\}\\n`, "m"), `class ${name}`);
    js = cut(js, new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype.*\\n`, "m"), `${name}'s dispose`);
    js = cut(
      js,
      new RegExp(`^const ${name}Finalization = [^;]*;\\n`, "m"),
      `${name}'s finalization registry`,
    );
  }
  js = cut(js, /^const __wbindgen_enum_ReadableStreamType = [^;]*;\n/m, "the ReadableStreamType enum");
  const fields = new Set([...imports.keys()].map((key) => key.split("\0")[1]));
  js = js.replace(/^( {8})([A-Za-z_$][\w$]*): function\([^)]*\) \{\n[\s\S]*?^\1\},\n/gm, (entry, _, name) =>
    fields.has(name) ? entry : "",
  );
  if (/IntoUnderlying|intounderlying|ReadableStreamType/.test(js)) {
    throw new Error("unused-exports: the glue still names a dropped class");
  }
  return js;
}
