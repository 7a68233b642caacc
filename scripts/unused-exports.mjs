// Drops from the release wasm and its JS glue the JS classes nothing on the page can create
// (used by minify-js.mjs, before scripts/short-names.mjs).
//
// Why: Leptos always depends on its server functions with their browser feature, which pull
// in wasm-streams, and wasm-streams exports three classes to JS (IntoUnderlyingSource,
// IntoUnderlyingByteSource, IntoUnderlyingSink: Rust streams as JS ReadableStream and
// WritableStream sources and sinks). A wasm-bindgen export is kept alive by being exported,
// whether anything uses it or not, so their code, the futures machinery under it and the
// classes' glue ship with the page: about 1.6 KiB of gzip, and 3.5 KiB more for the code their
// futures keep in the function table (see `withoutTableEntries`). This client-side page calls
// no server function and makes no stream.
//
// What: removes the classes' exports from the wasm, and their code's entries in the function
// table (see `withoutTableEntries`) with those of closure shims nothing calls (`CLOSURE_SHIMS`),
// lets wasm-opt (npm's binaryen, as the build's) remove what only they reached, orders the
// functions for gzip (scripts/order-functions.mjs), and removes the classes, their finalization registries, the enum only they
// read and the imports the wasm no longer has from the glue. Throws when the wasm or the glue
// does not have them where expected or the glue still names them afterwards, so a new
// wasm-bindgen or wasm-streams fails the build instead of the page.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { orderFunctions } from "./order-functions.mjs";
import { leb, u32, WASM_OPT } from "./short-names.mjs";

/** The classes, by their JS names; their wasm exports are their lower-case names (+ `_free`). */
export const UNUSED_CLASSES = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];
const exportPattern = new RegExp(`^(__wbg_)?(${UNUSED_CLASSES.map((c) => c.toLowerCase()).join("|")})_`);

/** The function names (wasm-bindgen's demangled names, from the build's name section: index.html
 *  runs trunk's wasm-opt with `-g`) of the code only the classes' methods run: their futures
 *  (`future_to_promise` of `IntoUnderlyingSink::write`'s future, ...) and what drops them. */
export const CLASS_CODE =
  /\bwasm_streams(\[[0-9a-f]+\])?::(readable::into_underlying_(byte_)?source|writable::into_underlying_sink)::/;

/** The names of wasm-bindgen's closure shims (`wasm_bindgen::convert::closures::_::invoke::<...>`),
 *  whose table entries are emptied too. A closure type's description names its shim by the
 *  shim's slot in the function table; the wasm-bindgen CLI reads the descriptions, exports each
 *  shim a closure of the page needs (the glue calls it by that export, never through the table,
 *  which the wasm does not export) and removes the descriptions, but not their slots, which keep
 *  the shims of closure types nothing on the page makes (js-sys's typed arrays' callbacks, ...)
 *  alive: 0.2 KiB of gzip. */
export const CLOSURE_SHIMS = /^wasm_bindgen(\[[0-9a-f]+\])?::convert::closures::/;

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

/** `n` as a signed LEB128 integer (`n` >= 0: an `i32.const` operand). */
const s32 = (n) => {
  const out = [];
  for (;;) {
    const b = n % 128;
    n = Math.floor(n / 128);
    if (n === 0 && (b & 0x40) === 0) return Buffer.from([...out, b]);
    out.push(b | 0x80);
  }
};

/** The module's function names by index (the name section's function names). */
function functionNames(wasm) {
  const names = new Map();
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const end = pos + size;
    if (id === 0) {
      let [len, p] = leb(wasm, pos);
      if (wasm.subarray(p, p + len).toString("utf8") === "name") {
        p += len;
        while (p < end) {
          const sub = wasm[p];
          let subSize;
          [subSize, p] = leb(wasm, p + 1);
          if (sub === 1) {
            let [count, q] = leb(wasm, p);
            for (let i = 0; i < count; i++) {
              let index;
              [index, q] = leb(wasm, q);
              [len, q] = leb(wasm, q);
              names.set(index, wasm.subarray(q, q + len).toString("utf8"));
              q += len;
            }
          }
          p += subSize;
        }
      }
    }
    pos = end;
  }
  return names;
}

/**
 * `wasm` without the function-table entries whose function's name `drop` accepts (those
 * entries left empty), and the names dropped.
 *
 * Why: removing the classes' exports leaves the code that only their methods run (the futures
 * they hand to JS as promises, about 6 KB of wasm) alive, because Rust puts every function a
 * vtable or a closure points to in the one function table, which wasm-opt must keep whole. An
 * entry is reached only through a pointer to it, and the pointers to these are made only by the
 * classes' methods, which no export reaches any more: emptied, the entries take their code with
 * them (wasm-opt), and a call through one would trap rather than run something else.
 *
 * The table must be the one LLVM writes: a single active segment at a constant offset. It is
 * written back as one such segment per run of entries kept; the gaps stay empty.
 */
export function withoutTableEntries(wasm, drop) {
  const names = functionNames(wasm);
  if (names.size === 0) throw new Error("unused-exports: the wasm has no function names");
  const parts = [wasm.subarray(0, 8)];
  const dropped = [];
  let pos = 8;
  while (pos < wasm.length) {
    const start = pos;
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const end = pos + size;
    if (id !== 9) {
      parts.push(wasm.subarray(start, end));
      pos = end;
      continue;
    }
    let [count, p] = leb(wasm, pos);
    // One segment, flags 0 (active, table 0, function indices), offset `i32.const N; end`
    // with N >= 0 (one LEB128 byte group without the sign bit set in its last byte).
    if (count !== 1 || wasm[p] !== 0 || wasm[p + 1] !== 0x41) {
      throw new Error("unused-exports: the function table is not one segment at a constant offset");
    }
    let offset = 0;
    let shift = 0;
    p += 2;
    for (;;) {
      const b = wasm[p++];
      offset += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) {
        if (b & 0x40) throw new Error("unused-exports: the function table's offset is negative");
        break;
      }
    }
    if (wasm[p++] !== 0x0b) throw new Error("unused-exports: the function table's offset is not a constant");
    let entries;
    [entries, p] = leb(wasm, p);
    const runs = [];
    let run = null;
    for (let i = 0; i < entries; i++) {
      const from = p;
      let fn;
      [fn, p] = leb(wasm, p);
      if (drop(names.get(fn) ?? "")) {
        dropped.push(names.get(fn));
        run = null;
      } else {
        if (!run) runs.push((run = { at: offset + i, fns: [] }));
        run.fns.push(wasm.subarray(from, p));
      }
    }
    if (p !== end) throw new Error("unused-exports: the function table section has more than its segment");
    const payload = Buffer.concat([
      u32(runs.length),
      ...runs.flatMap((r) => [Buffer.from([0, 0x41]), s32(r.at), Buffer.from([0x0b]), u32(r.fns.length), ...r.fns]),
    ]);
    parts.push(Buffer.from([9]), u32(payload.length), payload);
    pos = end;
  }
  return { wasm: Buffer.concat(parts), dropped };
}

/** The wasm without the classes' exports, their code's and the unused closure shims' table
 *  entries and what only they reached (wasm-opt, which also drops the names the table entries
 *  were found by), its functions ordered for gzip (scripts/order-functions.mjs). */
export function dropUnusedWasm(wasm) {
  const { wasm: unexported, dropped } = withoutExports(wasm, (name) => exportPattern.test(name));
  if (dropped.length === 0) throw new Error("unused-exports: the wasm exports none of the classes");
  const { wasm: trimmed, dropped: entries } = withoutTableEntries(
    unexported,
    (name) => CLASS_CODE.test(name) || CLOSURE_SHIMS.test(name),
  );
  if (!entries.some((name) => CLASS_CODE.test(name))) {
    throw new Error("unused-exports: the function table holds none of the classes' code");
  }
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
    return { wasm: orderFunctions(readFileSync(output)), dropped, entries };
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
