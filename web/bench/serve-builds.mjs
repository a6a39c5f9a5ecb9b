// Several release builds side by side on one loopback server, each under /<name>/ (for benchmarks
// that compare builds in one browser run: marks.mjs, interaction.mjs). Uncompressed and not cached:
// every load is a cold load. (serve-gz.mjs serves one build as a static host would, with gzip.)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };

// builds: [{ name, dir }] (dir absolute). Resolves to { base, close }: build b is at `${base}/${b.name}/`.
export async function serveBuilds(builds) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const b = builds.find((x) => url.pathname.startsWith(`/${x.name}/`));
    if (!b) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(b.name.length + 2));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(b.dir, rel);
    if (!file.startsWith(b.dir)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
