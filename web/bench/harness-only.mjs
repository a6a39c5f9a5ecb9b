// Harness-only run (for experiments, e.g. another build profile): serves PKG (a wasm-bindgen
// output of the bench bin) and prints median handshake / simulate / keygen times in Chromium.
//   node web/bench/harness-only.mjs <pkg-dir> [handshakes] [keygen1024] [keygen2048]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.argv[2]);
const [n, k1, k2] = [3, 4, 5].map((i, j) => Number(process.argv[i] || [51, 21, 11][j]));
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x').pathname;
  const file = u.startsWith('/pkg/') ? path.join(pkg, u.slice(5)) : path.join(here, 'bench.html');
  fs.readFile(file, (e, d) => {
    if (e) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(d);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launch();
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.evaluate(async () => { const m = await import('/pkg/bench.js'); await m.default(); window.__m = m; });
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
const hs = JSON.parse(await page.evaluate((n) => window.__m.bench_handshake(n), n));
const g1 = JSON.parse(await page.evaluate((n) => window.__m.bench_keygen(1024, n), k1));
const g2 = JSON.parse(await page.evaluate((n) => window.__m.bench_keygen(2048, n), k2));
console.log(JSON.stringify({ handshake: med(hs.handshake), phases: hs.phases.map(med), simulate: med(hs.simulate), parts: hs.parts, keygen1024: med(g1), keygen2048: med(g2) }));
await browser.close();
server.close();
