import { launch, newPage } from './support/browser.mjs';
import { readFileSync } from 'node:fs';
const [,, file, out, w, scheme] = process.argv;
const b = await launch();
const p = await newPage(b, { width: Number(w || 920), height: 700, colorScheme: scheme || 'light' });
await p.setContent('<html><body style="margin:0">' + readFileSync(file, 'utf8') + '</body></html>');
await p.screenshot({ path: out, fullPage: true });
await b.close();
