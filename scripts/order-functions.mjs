// Puts the release wasm's functions in an order that puts alike functions side by side (used
// by scripts/unused-exports.mjs, on the output of its wasm-opt run).
//
// Why: gzip finds repeats only within the last 32 KB it has read. rustc and wasm-opt leave the
// functions in an order of their own, so the many alike functions a Rust page is made of (every
// instantiation of a generic function, every closure's shim, every drop) lie far apart, and
// gzip compresses each of them alone. Ordered as below, alike functions follow one another:
// 5.6 KiB less gzip on the growth page, and the same bytes otherwise (a wasm's function order
// means nothing to it: calls, the function table and the exports name functions by index, and
// wasm-opt renumbers them all).
//
// The order: by signature (results, then parameters: functions of one signature begin and end
// alike), then by their locals, then by their code read from its end (measured on the growth
// page, gzip bytes less than wasm-opt's order: by the code from its start 4,300; by signature
// first 5,616; by the code from its end 5,749).
//
// How: every function's name is replaced by its sort key (then its index, so that no two are
// equal), and wasm-opt (npm's binaryen, as the build's) runs `--reorder-functions-by-name`;
// without `-g` it writes no names, so the keys do not ship. Imports keep their names (they are
// not functions of the module and do not move).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { leb, u32, WASM_OPT } from "./short-names.mjs";

/** How many of a function's last bytes of code decide its place among those of its signature
 *  and locals (the whole code sorts the same to within a few bytes of gzip). */
const KEY_BYTES = 200;

/** Skips a limits field (memory, table) at `pos`, returns the position after it. */
const limits = (bytes, pos) => {
  const flags = bytes[pos++];
  [, pos] = leb(bytes, pos);
  if (flags & 1) [, pos] = leb(bytes, pos);
  return pos;
};

/**
 * The module's functions as wasm writes them: `imported`, the number of imported functions
 * (the module's own are numbered after them), and for each of its own, in order, `type` (its
 * signature: the type section's entry without its 0x60, parameter count and types, result
 * count and types, as bytes), `locals` (its code's locals declaration) and `code` (the rest of
 * its code).
 */
export function functionsOf(wasm) {
  let imported = 0;
  const types = [];
  const typeOf = [];
  const bodies = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const end = pos + size;
    let p = pos;
    let count;
    if (id === 1) {
      [count, p] = leb(wasm, p);
      for (let i = 0; i < count; i++) {
        if (wasm[p] !== 0x60) throw new Error("order-functions: a type that is not a function's");
        const start = p + 1;
        let n;
        [n, p] = leb(wasm, start);
        p += n; // parameter types (one byte each: numbers and reference types without an index)
        [n, p] = leb(wasm, p);
        p += n;
        types.push(wasm.subarray(start, p));
      }
      if (p !== end) throw new Error("order-functions: the type section not read to its end");
    } else if (id === 2) {
      [count, p] = leb(wasm, p);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(wasm, p); // module
        p += len;
        [len, p] = leb(wasm, p); // field
        p += len;
        const kind = wasm[p++];
        if (kind === 0) {
          imported += 1;
          [, p] = leb(wasm, p); // type index
        } else if (kind === 1) p = limits(wasm, p + 1); // table: reference type, limits
        else if (kind === 2) p = limits(wasm, p); // memory
        else if (kind === 3) p += 2; // global: value type, mutability
        else throw new Error(`order-functions: an import of kind ${kind}`);
      }
      if (p !== end) throw new Error("order-functions: the import section not read to its end");
    } else if (id === 3) {
      [count, p] = leb(wasm, p);
      for (let i = 0; i < count; i++) {
        let t;
        [t, p] = leb(wasm, p);
        typeOf.push(t);
      }
      if (p !== end) throw new Error("order-functions: the function section not read to its end");
    } else if (id === 10) {
      [count, p] = leb(wasm, p);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(wasm, p);
        const body = wasm.subarray(p, p + len);
        let q;
        let groups;
        [groups, q] = leb(body, 0);
        for (let g = 0; g < groups; g++) {
          [, q] = leb(body, q); // how many locals
          q += 1; // of which type (one byte: numbers and reference types without an index)
        }
        bodies.push({ locals: body.subarray(0, q), code: body.subarray(q) });
        p += len;
      }
      if (p !== end) throw new Error("order-functions: the code section not read to its end");
    }
    pos = end;
  }
  if (typeOf.length !== bodies.length) throw new Error("order-functions: functions and code differ in number");
  const functions = bodies.map((body, i) => {
    const type = types[typeOf[i]];
    if (!type) throw new Error(`order-functions: function ${imported + i} has no type`);
    return { type, ...body };
  });
  return { imported, functions };
}

/** A function's sort key (see the top): its results, its parameters, its locals, its code's
 *  last `KEY_BYTES` bytes from the end, in hex; each field padded so that fields line up. */
export function sortKey({ type, locals, code }) {
  const params = type[0];
  const hex = (bytes) => Buffer.from(bytes).toString("hex");
  const signature = `${hex(type.subarray(1 + params))}|${hex(type.subarray(0, 1 + params))}`;
  const tail = Buffer.from(code.subarray(Math.max(0, code.length - KEY_BYTES))).reverse();
  return `${signature.padEnd(40, "-")}${hex(locals).padEnd(24, "-")}${hex(tail)}`;
}

/** `wasm` with a name section naming each of its own functions by its sort key (and no other
 *  custom section named "name"). */
export function withKeyNames(wasm) {
  const { imported, functions } = functionsOf(wasm);
  if (functions.length === 0) throw new Error("order-functions: the wasm has no code");
  const name = (text) => {
    const bytes = Buffer.from(text, "utf8");
    return Buffer.concat([u32(bytes.length), bytes]);
  };
  const width = String(imported + functions.length).length;
  const entries = functions.map((f, i) => {
    const index = imported + i;
    return Buffer.concat([u32(index), name(`${sortKey(f)}.${String(index).padStart(width, "0")}`)]);
  });
  const functionNames = Buffer.concat([u32(entries.length), ...entries]);
  const payload = Buffer.concat([name("name"), Buffer.from([1]), u32(functionNames.length), functionNames]);
  const parts = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const start = pos;
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const end = pos + size;
    let isNames = false;
    if (id === 0) {
      const [len, p] = leb(wasm, pos);
      isNames = wasm.subarray(p, p + len).toString("utf8") === "name";
    }
    if (!isNames) parts.push(wasm.subarray(start, end));
    pos = end;
  }
  parts.push(Buffer.from([0]), u32(payload.length), payload);
  return Buffer.concat(parts);
}

/** `wasm` with its functions in the order of their sort keys, and without names. */
export function orderFunctions(wasm) {
  const dir = mkdtempSync(join(tmpdir(), "scalemap-order-"));
  try {
    const input = join(dir, "in.wasm");
    const output = join(dir, "out.wasm");
    writeFileSync(input, withKeyNames(wasm));
    // -Oz (with the build's --low-memory-unused) before the pass, although the functions were
    // optimised already: wasm-opt writes optimised code (its Stack IR) only after optimising,
    // and without it the same functions took 1.4 KB more (and 0.3 KiB more gzip than with
    // `-ol 2 -s 2` and Stack IR alone).
    execFileSync(WASM_OPT, ["-Oz", "--low-memory-unused", "--reorder-functions-by-name", input, "-o", output]);
    return readFileSync(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
