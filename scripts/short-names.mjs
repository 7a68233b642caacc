// Short import and export names for the release wasm and its JS glue (used by minify-js.mjs).
//
// Why: wasm-bindgen names every import after the JS function it calls plus a 16-hex-digit hash
// (`__wbg_setAttribute_a9d3a267967b5117`), and its closure exports after their Rust types
// (`wasm_bindgen_<hash>___convert__closures_____invoke___...`, 200 characters). Each name is
// written twice, in the wasm's import or export section and in the glue, and the hashes do not
// compress: together about 6 KiB of the page's gzip. The names mean nothing to a browser, so
// the release build gives them short ones (`a`, `b`, ... `aB`), the same in both files.
//
// What: renames every import (and its module, "./scalemap_bg.js" -> "a") and every export except
// `memory` (the instance's memory, which tests/e2e/soak.test.mjs reads by name), and drops the
// custom sections (producers, target_features), which nothing reads at run time. In the glue
// an import is a key of the imports object (`NAME: function(`), a module a key of the object
// `__wbg_get_imports` returns (`"MOD": import0`), an export a member of `wasm` (`wasm.NAME`).
// Throws when a name is not found in the glue where expected, or a long name is left over, so
// a wasm-bindgen whose glue looks different fails the build instead of shipping a broken page.
//
// Run before terser (which leaves property names alone). Debug builds keep the long names.

import { fileURLToPath } from "node:url";

const KEEP_EXPORTS = new Set(["memory"]);

/** `a`, `b`, ... `Z`, `aa`, `ab`, ...: the n-th short name (valid JS identifier, no digit first). */
export function shortName(n) {
  const first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const rest = `${first}0123456789_$`;
  let name = first[n % first.length];
  for (n = Math.floor(n / first.length); n > 0; n = Math.floor((n - 1) / rest.length)) {
    name += rest[(n - 1) % rest.length];
  }
  return name;
}

/** A cursor over wasm bytes: LEB128 integers and length-prefixed names. */
class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte() {
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  }
  name() {
    const len = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString("utf8");
    this.pos += len;
    return text;
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

/** `n` as an unsigned LEB128 integer (how wasm writes sizes and counts). */
/** The wasm-opt the build uses (npm's binaryen, see Trunk.toml's [tools]), for the post-build
 *  steps that run it again (scripts/unused-exports.mjs, scripts/order-functions.mjs). */
export const WASM_OPT = fileURLToPath(new URL("../tests/e2e/node_modules/.bin/wasm-opt", import.meta.url));

/** The unsigned LEB128 number at `pos` of `bytes`, and the position after it. */
export const leb = (bytes, pos) => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, pos];
  }
};

export const u32 = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
};
const nameBytes = (text) => {
  const b = Buffer.from(text, "utf8");
  return Buffer.concat([u32(b.length), b]);
};

/** The import section with new names: { payload, imports: Map(old field -> new), modules }. */
function renameImports(r, end) {
  const parts = [];
  const imports = new Map();
  const modules = new Map();
  const count = r.u32();
  parts.push(u32(count));
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const field = r.name();
    const descStart = r.pos;
    const kind = r.byte();
    if (kind === 0) r.u32(); // function: type index
    else if (kind === 1) (r.byte(), r.limits()); // table: reference type, limits
    else if (kind === 2) r.limits(); // memory
    else if (kind === 3) (r.byte(), r.byte()); // global: value type, mutability
    else if (kind === 4) (r.byte(), r.u32()); // tag: attribute, type index
    else throw new Error(`short-names: import ${module}.${field} of unknown kind ${kind}`);
    if (!modules.has(module)) modules.set(module, shortName(modules.size));
    const key = `${module}\0${field}`;
    if (imports.has(key)) throw new Error(`short-names: import ${module}.${field} twice`);
    imports.set(key, shortName(imports.size));
    const desc = r.bytes.subarray(descStart, r.pos);
    parts.push(nameBytes(modules.get(module)), nameBytes(imports.get(key)), desc);
  }
  if (r.pos !== end) throw new Error("short-names: import section not read to its end");
  return { payload: Buffer.concat(parts), imports, modules };
}

/** The export section with new names: { payload, exports: Map(old -> new) }. */
function renameExports(r, end) {
  const parts = [];
  const exports = new Map();
  const count = r.u32();
  parts.push(u32(count));
  for (let i = 0; i < count; i++) {
    const name = r.name();
    const descStart = r.pos;
    r.byte();
    r.u32();
    const renamed = KEEP_EXPORTS.has(name) ? name : shortName(exports.size);
    if (!KEEP_EXPORTS.has(name)) exports.set(name, renamed);
    parts.push(nameBytes(renamed), r.bytes.subarray(descStart, r.pos));
  }
  if (r.pos !== end) throw new Error("short-names: export section not read to its end");
  return { payload: Buffer.concat(parts), exports };
}

/** The wasm with short import and export names and no custom sections, and the renamings. */
export function shortenWasm(wasm) {
  const header = wasm.subarray(0, 8);
  const r = new Reader(wasm, 8);
  const sections = [header];
  let names = { imports: new Map(), modules: new Map(), exports: new Map() };
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    let payload = wasm.subarray(start, end);
    if (id === 0) {
      r.pos = end; // a custom section: names, producers, target features; not needed to run
      continue;
    }
    if (id === 2) ({ payload, ...names } = { ...names, ...renameImports(r, end) });
    if (id === 7) ({ payload, ...names } = { ...names, ...renameExports(r, end) });
    r.pos = end;
    sections.push(Buffer.from([id]), u32(payload.length), payload);
  }
  return { wasm: Buffer.concat(sections), ...names };
}

/** The glue with the same renamings; throws when a name is not where expected. */
export function shortenGlue(js, { imports, modules, exports }) {
  const fields = new Map();
  for (const [key, renamed] of imports) {
    const field = key.split("\0")[1];
    if (fields.has(field)) throw new Error(`short-names: import ${field} from two modules`);
    fields.set(field, renamed);
  }
  const seen = new Set();
  js = js.replace(/^(\s+)([A-Za-z_$][\w$]*): function\(/gm, (all, indent, field) => {
    if (!fields.has(field)) return all;
    seen.add(field);
    return `${indent}${fields.get(field)}: function(`;
  });
  for (const field of fields.keys()) {
    if (!seen.has(field)) throw new Error(`short-names: import ${field} not found in the glue`);
  }
  for (const [module, renamed] of modules) {
    const key = `${JSON.stringify(module)}: import`;
    if (!js.includes(key)) throw new Error(`short-names: module ${module} not found in the glue`);
    js = js.replace(key, `${renamed}: import`);
  }
  return js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (all, name) => {
    if (KEEP_EXPORTS.has(name)) return all;
    if (!exports.has(name)) throw new Error(`short-names: the glue reads wasm.${name}, not exported`);
    return `wasm.${exports.get(name)}`;
  });
}
