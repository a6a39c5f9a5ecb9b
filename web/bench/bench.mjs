// The browser half of `bash web/bench/run.sh` (which builds everything first). In ONE headless
// Chromium run it measures:
//   1. page load (navigation start) to the first full handshake on screen ([data-testid=outcome]),
//   2. main-thread long tasks (> 100 ms) while typing into an input and generating keys,
//   3. one handshake (keys given) and simulate() in wasm, against the native numbers in
//      bench-out/native.json (same code, `cargo run --release -p tlsim-core --example bench`),
//   4. RSA key generation 1024/2048 in wasm against WebCrypto generateKey (RSA-OAEP),
//   5. .wasm and .js sizes in dist/, raw and gzipped;
// then writes bench-out/results.md, bench-out/results.json and bench-out/chart.svg, and prints the table.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'bench-out');
// The release page built by run.sh into a private dist (a shared dist/ may be rebuilt by others mid-run).
const DIST = process.env.BENCH_DIST || path.join(out, 'dist');
const N_HS = Number(process.env.BENCH_HANDSHAKES || 51);
const N_K1 = Number(process.env.BENCH_KEYGEN_1024 || 21);
const N_K2 = Number(process.env.BENCH_KEYGEN_2048 || 11);
const N_LOAD = Number(process.env.BENCH_LOADS || 7);

// ---- a static server: /sim/ -> dist/, /bench/pkg/ -> bench-out/pkg/, /bench/ -> web/bench/
const mounts = [['/bench/pkg/', path.join(out, 'pkg')], ['/bench/', here], ['/sim/', DIST]];
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const m = mounts.find(([p]) => url.pathname.startsWith(p));
  if (!m) { res.writeHead(404); res.end(); return; }
  let rel = decodeURIComponent(url.pathname.slice(m[0].length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(m[1], rel);
  if (!file.startsWith(m[1])) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- statistics
const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * p; const lo = Math.floor(i); const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};
const stats = (xs) => ({ n: xs.length, median: q(xs, 0.5), p25: q(xs, 0.25), p75: q(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs) });

const native = JSON.parse(fs.readFileSync(path.join(out, 'native.json'), 'utf8'));
// the same code natively at opt-level 3 (profile release-o3), if run.sh produced it
const nativeO3File = path.join(out, 'native-o3.json');
const nativeO3 = fs.existsSync(nativeO3File) ? JSON.parse(fs.readFileSync(nativeO3File, 'utf8')) : null;
const browser = await launch();
const results = { date: new Date().toISOString(), chromium: browser.version(), node: process.version };
try { results.rustc = execSync('rustc --version').toString().trim(); } catch { results.rustc = '?'; }

// ---- 1. page load to the first handshake on screen (a fresh context each time: no cache)
const initScript = () => {
  window.__bench = { outcome: null, painted: null, result: null, longtasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const mo = new MutationObserver(() => {
    const el = document.querySelector('[data-testid="outcome"]');
    if (el && window.__bench.outcome === null) {
      window.__bench.outcome = performance.now();
      window.__bench.result = el.getAttribute('data-result');
      // the frame that shows it: the next animation frame's callback runs just before that paint
      requestAnimationFrame(() => { window.__bench.painted = performance.now(); });
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true });
};
const loads = [];
let livePage = null; let liveCtx = null;
for (let i = 0; i < N_LOAD; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(initScript);
  await page.goto(`${base}/sim/`);
  await page.waitForFunction(() => window.__bench && window.__bench.painted !== null, null, { timeout: 60000 });
  const b = await page.evaluate(() => ({ ...window.__bench,
    nav: performance.getEntriesByType('navigation')[0]?.toJSON(),
    wasm: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => ({ name: r.name.split('/').pop(), end: r.responseEnd, size: r.encodedBodySize })) }));
  loads.push(b);
  if (i === N_LOAD - 1) { livePage = page; liveCtx = ctx; } else await ctx.close();
}
results.load = {
  outcome_in_dom: stats(loads.map((l) => l.outcome)),
  on_screen: stats(loads.map((l) => l.painted)),
  cold_first: loads[0].painted,
  result: loads.map((l) => l.result),
  dom_content_loaded: stats(loads.map((l) => l.nav?.domContentLoadedEventEnd ?? NaN)),
  wasm_fetched: stats(loads.map((l) => Math.max(0, ...l.wasm.map((w) => w.end)))),
  startup_longtasks: loads.map((l) => l.longtasks.map((t) => Math.round(t.duration))),
};

// ---- 2. long tasks while editing an input and generating keys (in the worker)
{
  const page = livePage;
  // A CPU profile of the main thread over the whole editing window: where do long tasks go?
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  const candidates = ['[data-testid="input-app_message"]', '[data-testid="input-client_host"]',
    '[data-testid="input-server_name"]', '[data-testid="inputs"] input[type="text"]', 'textarea', 'input[type="text"]'];
  let used = null;
  for (const sel of candidates) {
    const loc = page.locator(sel).first();
    if (await loc.count() && await loc.isVisible().catch(() => false)) { used = sel; break; }
  }
  const actions = [];
  if (used) {
    const loc = page.locator(used).first();
    await loc.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' typing like a learner', { delay: 60 });
    actions.push(`typed 22 characters into ${used} (60 ms apart)`);
  }
  // key generation: pick the largest size offered in the key-size selects, then "new keys"
  const selects = page.locator('select[data-testid$="_key_bits"]');
  const nsel = await selects.count();
  for (let i = 0; i < nsel; i++) {
    const s = selects.nth(i);
    const opts = await s.locator('option').evaluateAll((os) => os.map((o) => o.value));
    const big = opts.filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a)[0];
    if (big) { await s.selectOption(big).catch(() => {}); actions.push(`${await s.getAttribute('data-testid')} = ${big}`); }
  }
  const newKeys = page.locator('[data-testid="new-keys"]');
  if (await newKeys.count()) {
    await newKeys.first().click().catch(() => {});
    actions.push('clicked new-keys');
    if (used) await page.locator(used).first().type(' while keys generate', { delay: 60 });
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="keygen-status"]');
      return !s || !/…|\.\.\.|%|\d+\s*\/\s*\d+/.test(s.textContent || '');
    }, null, { timeout: 120000 }).catch(() => actions.push('keygen status did not settle in 120 s'));
    await page.waitForTimeout(300);
  }
  const lt = await page.evaluate((t0) => window.__bench.longtasks.filter((t) => t.start >= t0), t0);
  const { profile } = await cdp.send('Profiler.stop');
  // self time by category: wasm (the core + Yew, compiled Rust), JS (wasm-bindgen glue), GC,
  // "(program)" (the browser's own work: style, layout, paint, event dispatch), idle
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0) / 1000));
  const cat = {};
  for (const n of profile.nodes) {
    const f = n.callFrame; const t = dt.get(n.id) || 0;
    const k = f.url.endsWith('.wasm') || /^(\$|wasm-function)/.test(f.functionName) ? 'wasm (Rust: core + Yew)'
      : ['(idle)', '(program)', '(garbage collector)'].includes(f.functionName) ? f.functionName
      : /\.js$/.test(f.url) ? 'JS (wasm-bindgen glue)' : 'other (browser builtins, the test driver)';
    cat[k] = (cat[k] || 0) + t;
  }
  results.editing_profile = Object.fromEntries(Object.entries(cat).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
  results.editing = { actions, longtasks: lt.map((t) => Math.round(t.duration)),
    over100: lt.filter((t) => t.duration > 100).length, max: Math.max(0, ...lt.map((t) => t.duration)),
    window_ms: (await page.evaluate(() => performance.now())) - t0 };
  await liveCtx.close();
}

// ---- 3 + 4. wasm workloads and WebCrypto, on the harness page
{
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${base}/bench/bench.html`);
  await page.evaluate(async () => { const m = await import('./pkg/bench.js'); await m.default(); window.__m = m; });
  const hs = JSON.parse(await page.evaluate((n) => window.__m.bench_handshake(n), N_HS));
  const k1 = JSON.parse(await page.evaluate((n) => window.__m.bench_keygen(1024, n), N_K1));
  const k2 = JSON.parse(await page.evaluate((n) => window.__m.bench_keygen(2048, n), N_K2));
  const webcrypto = async (bits, n) => page.evaluate(async ({ bits, n }) => {
    const r = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
      r.push(performance.now() - t);
    }
    return r;
  }, { bits, n });
  const w1 = await webcrypto(1024, N_K1);
  const w2 = await webcrypto(2048, N_K2);
  results.wasm = { handshake: stats(hs.handshake), phases: hs.phases.map(stats), simulate: stats(hs.simulate), parts: hs.parts,
    keygen1024: stats(k1), keygen2048: stats(k2) };
  results.webcrypto = { keygen1024: stats(w1), keygen2048: stats(w2) };
  await ctx.close();
}
await browser.close();
server.close();
results.native = { handshake: stats(native.handshake.handshake), phases: native.handshake.phases.map(stats),
  simulate: stats(native.handshake.simulate), parts: native.handshake.parts,
  keygen1024: stats(native.keygen1024), keygen2048: stats(native.keygen2048) };
if (nativeO3) results.native_o3 = { handshake: stats(nativeO3.handshake.handshake), simulate: stats(nativeO3.handshake.simulate) };

// ---- 5. sizes
const files = fs.readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f));
results.sizes = files.map((f) => {
  const b = fs.readFileSync(path.join(DIST, f));
  return { file: f, raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
}).sort((a, b) => b.raw - a.raw);
const sum = (ext, k) => results.sizes.filter((s) => s.file.endsWith(ext)).reduce((a, s) => a + s[k], 0);
// the main page's wasm: the largest .wasm that is not the worker's
const mainWasm = results.sizes.filter((s) => s.file.endsWith('.wasm') && !/worker/.test(s.file))[0] || results.sizes.find((s) => s.file.endsWith('.wasm'));

// ---- the table
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const iqr = (s) => `${ms(s.median)} (${ms(s.p25)}–${ms(s.p75)})`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}x`;
const ok = (c) => (c ? 'met' : '**missed**');
const W = results.wasm; const N = results.native; const C = results.webcrypto; const L = results.load;
const rows = [
  ['First full handshake on screen (navigation start → outcome painted), ms', iqr(L.on_screen), `cold first load ${ms(L.cold_first)}`, '', '≤ 1000 ms', ok(L.on_screen.p75 <= 1000 && L.cold_first <= 1000)],
  ['One handshake, keys given (client + server, sans-IO), ms', iqr(W.handshake), iqr(N.handshake), ratio(W.handshake, N.handshake), '< 20 ms, ≤ 3x native', ok(W.handshake.median < 20 && W.handshake.median / N.handshake.median <= 3)],
  ['simulate(default scenario): the page\'s work per edit (2 certificates issued + handshake + data), ms', iqr(W.simulate), iqr(N.simulate), ratio(W.simulate, N.simulate), '(< 100 ms: no long task)', ok(W.simulate.p75 < 100)],
  ...(results.native_o3 ? [
    ['One handshake, keys given, vs native at opt-level 3 (what a native program ships), ms', iqr(W.handshake), iqr(results.native_o3.handshake), ratio(W.handshake, results.native_o3.handshake), '—', '—'],
    ['simulate(default scenario) vs native at opt-level 3, ms', iqr(W.simulate), iqr(results.native_o3.simulate), ratio(W.simulate, results.native_o3.simulate), '—', '—'],
  ] : []),
  ...PHASE_ROWS(),
  ['RSA-1024 key generation, ms (wasm vs WebCrypto)', iqr(W.keygen1024), `${iqr(C.keygen1024)} (native Rust ${iqr(N.keygen1024)})`, `${ratio(W.keygen1024, C.keygen1024)} (vs native ${ratio(W.keygen1024, N.keygen1024)})`, 'in a worker', '—'],
  ['RSA-2048 key generation, ms (wasm vs WebCrypto)', iqr(W.keygen2048), `${iqr(C.keygen2048)} (native Rust ${iqr(N.keygen2048)})`, `${ratio(W.keygen2048, C.keygen2048)} (vs native ${ratio(W.keygen2048, N.keygen2048)})`, 'in a worker', '—'],
  ['Main-thread tasks > 100 ms while typing and generating keys', `${results.editing.over100} (longest ${ms(results.editing.max)} ms)`, `${results.editing.longtasks.length} tasks > 50 ms in ${ms(results.editing.window_ms)} ms`, '', '0', ok(results.editing.over100 === 0)],
  ['Page .wasm (main), raw / gzip', `${kb(mainWasm.raw)} / ${kb(mainWasm.gzip)}`, `all .wasm ${kb(sum('.wasm', 'raw'))} / ${kb(sum('.wasm', 'gzip'))}`, '', '< 400 KB gzip', ok(mainWasm.gzip < 400 * 1024)],
  ['Page .js, raw / gzip', `${kb(sum('.js', 'raw'))} / ${kb(sum('.js', 'gzip'))}`, `${results.sizes.filter((s) => s.file.endsWith('.js')).length} files`, '', '—', '—'],
];
function PHASE_ROWS() {
  const names = ['client: ClientHello', 'server: ServerHello..Done', 'client: verify chain, RSA-encrypt pre-master, keys, Finished', 'server: RSA-decrypt pre-master (private key), keys, Finished', 'client: check server Finished'];
  return names.map((n, i) => [`  phase ${i + 1}, ${n}, ms`, iqr(results.wasm.phases[i]), iqr(results.native.phases[i]), ratio(results.wasm.phases[i], results.native.phases[i]), '', '']);
}
let md = `# tlsim benchmark, ${results.date.slice(0, 10)}\n\n`;
md += `One headless Chromium run (${results.chromium}, node ${results.node}); native: ${results.rustc}, same release profile as the page (opt-level "z", LTO).\n`;
md += `Median (p25–p75). Runs: ${N_HS} handshakes and simulate() each side, ${N_K1} x RSA-1024 and ${N_K2} x RSA-2048 key generations each, ${N_LOAD} page loads (fresh browser context each).\n\n`;
md += '| measure | wasm | native / WebCrypto | ratio | target | status |\n|---|---|---|---|---|---|\n';
for (const r of rows) md += `| ${r.join(' | ')} |\n`;
md += `\nOne-off costs (ms, wasm / native): load a builtin PEM key ${ms(W.parts.load_builtin_key)} / ${ms(N.parts.load_builtin_key)}; `
  + `issue a leaf certificate (one RSA-2048 signature) ${ms(W.parts.issue_leaf_cert)} / ${ms(N.parts.issue_leaf_cert)}; `
  + `verify the chain ${ms(W.parts.verify_chain)} / ${ms(N.parts.verify_chain)}; name the certificate's DER fields ${ms(W.parts.cert_fields)} / ${ms(N.parts.cert_fields)}.\n`;
md += `\nPage load detail: outcome in the DOM ${iqr(L.outcome_in_dom)} ms, DOMContentLoaded ${iqr(L.dom_content_loaded)} ms, last .wasm fetched ${iqr(L.wasm_fetched)} ms; outcome result(s): ${[...new Set(L.result)].join(', ')}; long tasks during start-up (ms): ${JSON.stringify(L.startup_longtasks[0])}.\n`;
md += `\nEditing: ${results.editing.actions.join('; ')}; long tasks (ms): ${JSON.stringify(results.editing.longtasks)}.\n`;
md += `Main-thread CPU profile over that window (self time, ms): ${Object.entries(results.editing_profile).map(([k, v]) => `${k} ${v}`).join('; ')}.\n`;
md += `\nFiles in the release dist/: ${results.sizes.map((s) => `${s.file} ${kb(s.raw)} / ${kb(s.gzip)} gz`).join(', ')}.\n`;
fs.writeFileSync(path.join(out, 'results.md'), md);
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));

// ---- the chart: horizontal bars on a log scale, grouped by workload
const groups = [
  ['handshake (keys given)', [['wasm', W.handshake], ['native', N.handshake]]],
  ['simulate() per edit', [['wasm', W.simulate], ['native', N.simulate]]],
  ['RSA-1024 keygen', [['wasm', W.keygen1024], ['native', N.keygen1024], ['WebCrypto', C.keygen1024]]],
  ['RSA-2048 keygen', [['wasm', W.keygen2048], ['native', N.keygen2048], ['WebCrypto', C.keygen2048]]],
  ['first handshake on screen', [['page', L.on_screen]]],
];
const colors = { wasm: '#d9480f', native: '#1971c2', WebCrypto: '#2f9e44', page: '#7048e8' };
const left = 210; const width = 460; const barH = 16; const gap = 6;
const lo = 0.1; const hi = 10000; const x = (v) => left + (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * width;
let y = 40; let bars = '';
for (const [g, items] of groups) {
  bars += `<text x="8" y="${y + 12}" font-weight="bold">${g}</text>`;
  for (const [label, s] of items) {
    bars += `<text x="${left - 6}" y="${y + 12}" text-anchor="end">${label}</text>`
      + `<rect x="${left}" y="${y}" width="${(x(s.median) - left).toFixed(1)}" height="${barH}" fill="${colors[label]}"/>`
      + `<line x1="${x(s.p25).toFixed(1)}" x2="${x(s.p75).toFixed(1)}" y1="${y + barH / 2}" y2="${y + barH / 2}" stroke="#000" stroke-width="2"/>`
      + `<text x="${(x(s.median) + 6).toFixed(1)}" y="${y + 12}">${ms(s.median)} ms</text>`;
    y += barH + gap;
  }
  y += 10;
}
let axis = '';
for (const t of [0.1, 1, 10, 100, 1000, 10000]) {
  axis += `<line x1="${x(t)}" x2="${x(t)}" y1="30" y2="${y}" stroke="#ccc"/><text x="${x(t)}" y="${y + 14}" text-anchor="middle">${t < 1 ? t : t.toLocaleString('en')}</text>`;
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${y + 50}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="18" font-size="14" font-weight="bold">tlsim benchmark ${results.date.slice(0, 10)}: median ms (log scale), whisker p25–p75</text>
${axis}${bars}
<text x="${left}" y="${y + 32}">ms (log scale) · one headless Chromium run · native = same Rust code, release build</text>
</svg>\n`;
fs.writeFileSync(path.join(out, 'chart.svg'), svg);
console.log(md);
