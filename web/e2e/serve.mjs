// A tiny static server for the end-to-end tests: serves dist/ under a path prefix (/sim/) to prove
// the build uses relative URLs, and web/e2e/fixtures/ under /sim/fixtures/ (e.g. an iframe host page).
// Usage: node web/e2e/serve.mjs [port] -> prints "http://127.0.0.1:PORT/sim/" once listening.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const mounts = [
  ['/sim/fixtures/', path.join(here, 'fixtures')],
  ['/sim/', path.join(root, 'dist')],
];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain', '.woff2': 'font/woff2',
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const mount = mounts.find(([prefix]) => url.pathname.startsWith(prefix));
  if (!mount) { res.writeHead(404); res.end('not found'); return; }
  let rel = decodeURIComponent(url.pathname.slice(mount[0].length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(mount[1], rel);
  if (!file.startsWith(mount[1])) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store' });
    res.end(data);
  });
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/sim/`);
});
