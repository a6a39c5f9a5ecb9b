// Where start-up's main-thread time goes, by function (issue 11): a CPU profile (Chrome DevTools
// Protocol `Profiler`) of one page load, from navigation until the outcome banner shows plus
// SETTLE ms. Needs a build whose wasm keeps its function names: copy index.html, add
// `data-keep-debug` and `data-wasm-opt="0"` to the main rust link, and
// `trunk build --release true --dist /tmp/dbg index-debug.html` (sizes then differ from release;
// the shares are what to read). Prints the top functions by self time and by inclusive time
// (each function counted once per stack: recursion is not double counted).
//
//   node web/bench/profile.mjs <dist> [top=40] [match=regex] [cpu=1]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';

const dir = path.resolve(process.argv[2] || 'dist');
const opts = Object.fromEntries(process.argv.slice(3).map((a) => a.split('=')));
const TOP = Number(opts.top || 40);
const MATCH = opts.match ? new RegExp(opts.match) : null;
const CPU = Number(opts.cpu || 1);
const SETTLE = Number(opts.settle || 800);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  fs.readFile(path.resolve(dir, rel), (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(rel)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
await cdp.send('Profiler.start');
await page.goto(`http://127.0.0.1:${server.address().port}/${opts.query || ''}`);
await page.waitForSelector('[data-testid="outcome"]', { timeout: 60000 });
await page.waitForTimeout(SETTLE);
const { profile } = await cdp.send('Profiler.stop');
const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((e) => `${e.name} ${e.duration.toFixed(1)}`));
await browser.close();
server.close();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0) / 1000);
}
const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anon'})`;
const self = new Map();
const incl = new Map();
const walk = (n, onStack) => {
  const nm = name(n);
  const own = dt.get(n.id) || 0;
  self.set(nm, (self.get(nm) || 0) + own);
  let total = own;
  const fresh = !onStack.has(nm);
  if (fresh) onStack.add(nm);
  for (const c of n.children || []) total += walk(byId.get(c), onStack);
  if (fresh) {
    onStack.delete(nm);
    incl.set(nm, (incl.get(nm) || 0) + total);
  }
  return total;
};
const all = walk(profile.nodes[0], new Set());
const idle = self.get('(idle)') || 0;
const show = (m, title) => {
  console.log(`\n## ${title} (ms; profile ${all.toFixed(0)} ms, idle ${idle.toFixed(0)} ms)`);
  [...m].filter(([k]) => !MATCH || MATCH.test(k)).sort((a, b) => b[1] - a[1]).slice(0, TOP)
    .forEach(([k, v]) => console.log(`${v.toFixed(1).padStart(8)}  ${k.slice(0, 150)}`));
};
show(self, 'self time');
// The busy stretches (no idle sample for 1 ms), in order: roughly the page's tasks.
{
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const top = (id) => { let best = null; for (let x = id; x != null; x = parent.get(x)) { const nm = name(byId.get(x)); if (/tlsim_web::|State::run|run_scheduler|__wbg_init|instantiate|Renderer/.test(nm)) best = nm; } return best || name(byId.get(id)); };
  let t = profile.startTime; let cur = null; const out = [];
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const nm = name(byId.get(profile.samples[i]));
    if (nm === '(idle)') { if (cur && t - cur.last > 1000) { out.push(cur); cur = null; } continue; }
    if (!cur) cur = { start: t, last: t, what: new Map() };
    cur.last = t; const k = top(profile.samples[i]).slice(0, 70); cur.what.set(k, (cur.what.get(k) || 0) + profile.timeDeltas[i] / 1000);
  }
  if (cur) out.push(cur);
  console.log('\n## busy stretches >= 5 ms (start ms from profile start, length, top parts)');
  for (const o of out.filter((o) => o.last - o.start >= 5000)) {
    console.log(`${((o.start - profile.startTime) / 1000).toFixed(0).padStart(6)} +${((o.last - o.start) / 1000).toFixed(1).padStart(6)}  ${[...o.what].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ')}`);
  }
}
show(incl, 'inclusive time');
console.log('\n## measures\n' + measures.join('\n'));
