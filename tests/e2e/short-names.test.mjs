// Short wasm import and export names (scripts/short-names.mjs), no unusable JS classes
// (scripts/unused-exports.mjs) and the functions ordered for gzip (scripts/order-functions.mjs),
// all run by scripts/minify-js.mjs on release builds: the
// renaming keeps a module and its glue working together, each step refuses a glue it cannot
// change completely, and the shipped page has short names and no wasm-streams classes (about
// 11 KiB of gzip together).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shortenGlue, shortenWasm } from '../../scripts/short-names.mjs';
import { functionsOf, orderFunctions, sortKey } from '../../scripts/order-functions.mjs';
import { dropUnusedGlue, withoutExports, withoutTableEntries } from '../../scripts/unused-exports.mjs';
import { DIST } from './support/site.mjs';

// A module importing `m.__wbg_answer_0123456789abcdef` (a function returning i32), exporting a
// function that calls it and its memory, with a custom section.
const name = (s) => [s.length, ...Buffer.from(s)];
const section = (id, bytes) => [id, bytes.length, ...bytes];
const tiny = Buffer.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 0, 1, 0x7f]),
  ...section(2, [1, ...name('./tiny_bg.js'), ...name('__wbg_answer_0123456789abcdef'), 0, 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, 1]),
  ...section(7, [2, ...name('wasm_bindgen_answer_twice'), 0, 1, ...name('memory'), 2, 0]),
  ...section(10, [1, 7, 0, 0x10, 0, 0x10, 0, 0x6a, 0x0b]),
  ...section(0, [...name('producers'), 1, 2, 3]),
]);
const glue = `function __wbg_get_imports() {
    const import0 = {
        __wbg_answer_0123456789abcdef: function() {
            return 21;
        },
    };
    return { "./tiny_bg.js": import0 };
}
const call = (wasm) => wasm.wasm_bindgen_answer_twice() + wasm.memory.buffer.byteLength;`;

test('a renamed module runs with its renamed glue, memory keeps its name, custom sections go', async () => {
  const short = shortenWasm(tiny);
  const js = shortenGlue(glue, short);
  assert.ok(!js.includes('__wbg_answer') && !js.includes('wasm_bindgen_answer'), js);
  const [imports, call] = new Function(`${js}; return [__wbg_get_imports(), call];`)();
  const { instance } = await WebAssembly.instantiate(short.wasm, imports);
  assert.deepEqual(Object.keys(instance.exports).sort(), ['a', 'memory']);
  assert.equal(call(instance.exports), 42 + 65536);
  assert.ok(short.wasm.length < tiny.length && !short.wasm.includes(Buffer.from('producers')));
});

test('a glue that does not name an import, or reads an export the module lacks, is refused', () => {
  const short = shortenWasm(tiny);
  assert.throws(() => shortenGlue(glue.replace('__wbg_answer_0123456789abcdef:', 'other:'), short), /not found/);
  assert.throws(() => shortenGlue(`${glue}\nwasm.gone();`, short), /wasm\.gone, not exported/);
});

test('exports are dropped by name, and a glue without the classes to drop is refused', async () => {
  const { wasm, dropped } = withoutExports(tiny, (n) => n.startsWith('wasm_bindgen_'));
  assert.deepEqual(dropped, ['wasm_bindgen_answer_twice']);
  const { instance } = await WebAssembly.instantiate(wasm, { './tiny_bg.js': { __wbg_answer_0123456789abcdef: () => 1 } });
  assert.deepEqual(Object.keys(instance.exports), ['memory']);
  assert.throws(() => dropUnusedGlue(glue, new Map()), /class IntoUnderlyingByteSource not found/);
});

// A module with a function table of three functions, named a, b and c (returning 1, 2 and 3),
// at slots 1 to 3, and `call(slot)`, which calls a slot's function through the table.
const tableNames = section(0, [...name('name'), ...section(1, [4, 0, ...name('a'), 1, ...name('b'), 2, ...name('c'), 3, ...name('call')])]);
const tabled = Buffer.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [2, 0x60, 0, 1, 0x7f, 0x60, 1, 0x7f, 1, 0x7f]),
  ...section(3, [4, 0, 0, 0, 1]),
  ...section(4, [1, 0x70, 0, 4]),
  ...section(7, [1, ...name('call'), 0, 3]),
  ...section(9, [1, 0, 0x41, 1, 0x0b, 3, 0, 1, 2]),
  ...section(10, [4, 4, 0, 0x41, 1, 0x0b, 4, 0, 0x41, 2, 0x0b, 4, 0, 0x41, 3, 0x0b, 7, 0, 0x20, 0, 0x11, 0, 0, 0x0b]),
  ...tableNames,
]);

test("table entries are emptied by their function's name, the others stay where they were", async () => {
  const { wasm, dropped } = withoutTableEntries(tabled, (n) => n === 'b');
  assert.deepEqual(dropped, ['b']);
  const { instance } = await WebAssembly.instantiate(wasm);
  assert.equal(instance.exports.call(1), 1);
  assert.equal(instance.exports.call(3), 3);
  assert.throws(() => instance.exports.call(2), WebAssembly.RuntimeError);
  const unnamed = tabled.subarray(0, tabled.length - tableNames.length);
  assert.throws(() => withoutTableEntries(unnamed, () => true), /no function names/);
});

// The same module with its table's functions returning 3, 1 and 2: out of their code's order.
const unordered = Buffer.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [2, 0x60, 0, 1, 0x7f, 0x60, 1, 0x7f, 1, 0x7f]),
  ...section(3, [4, 0, 0, 0, 1]),
  ...section(4, [1, 0x70, 0, 4]),
  ...section(7, [1, ...name('call'), 0, 3]),
  ...section(9, [1, 0, 0x41, 1, 0x0b, 3, 0, 1, 2]),
  ...section(10, [4, 4, 0, 0x41, 3, 0x0b, 4, 0, 0x41, 1, 0x0b, 4, 0, 0x41, 2, 0x0b, 7, 0, 0x20, 0, 0x11, 0, 0, 0x0b]),
]);

test('functions are put in the order of their signatures and code, and every slot and export still calls its own', async () => {
  const before = await WebAssembly.instantiate(unordered);
  assert.deepEqual([1, 2, 3].map((slot) => before.instance.exports.call(slot)), [3, 1, 2]);
  const hex = (wasm) => functionsOf(wasm).functions.map(sortKey);
  assert.notDeepEqual(hex(unordered), [...hex(unordered)].sort());
  const ordered = orderFunctions(unordered);
  const code = hex(ordered);
  assert.equal(code.length, 4);
  assert.deepEqual(code, [...code].sort());
  const after = await WebAssembly.instantiate(ordered);
  assert.deepEqual([1, 2, 3].map((slot) => after.instance.exports.call(slot)), [3, 1, 2]);
});

const wasmFile = existsSync(DIST) && readdirSync(DIST).find((f) => f.endsWith('_bg.wasm'));
test('the built page ships short import and export names', { skip: !wasmFile && 'no release build in dist/' }, () => {
  const module = new WebAssembly.Module(readFileSync(path.join(DIST, wasmFile)));
  const imports = WebAssembly.Module.imports(module);
  const exports = WebAssembly.Module.exports(module).filter((e) => e.name !== 'memory');
  assert.ok(imports.length > 100 && exports.length > 10, 'the page imports and exports many functions');
  assert.deepEqual([...new Set(imports.map((i) => i.module))], ['a']);
  for (const { name: n } of [...imports, ...exports]) assert.ok(n.length <= 2, `long name ${n}`);
});

test('the built page ships no wasm-streams classes', { skip: !wasmFile && 'no release build in dist/' }, () => {
  const glueFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  assert.doesNotMatch(readFileSync(path.join(DIST, glueFile), 'utf8'), /IntoUnderlying|ReadableStreamType/);
});
