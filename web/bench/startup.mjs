// Time from navigation to the page's first render (issue 11: the texts are fetched per language
// before it), per build, served gzip-9 like a static host (serve-gz.mjs), in headless Chromium:
// unthrottled, and with Lighthouse's mobile network and CPU (150 ms RTT, 1.6 Mbit/s down, 4x CPU).
// "first render" is when the app's <h1> is in the DOM; "handshake on screen" when the run's outcome is
// (with the engine in a worker, after the worker's .wasm has loaded and run); "texts" is the `tlsim:texts` measure
// (fetch + parse of text/<lang>.json; absent in builds with the texts compiled in).
//
//   node web/bench/startup.mjs page=<dist> [ref=<dist> ...]   (BENCH_STARTUP_REPEAT, default 5)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const builds = process.argv.slice(2).map((a) => { const [name, dir] = a.split('='); return { name, dir: path.resolve(dir) }; });
const REPEAT = Number(process.env.BENCH_STARTUP_REPEAT || 5);
const serve = (dir) => new Promise((resolve) => {
  const p = spawn(process.execPath, [path.join(here, 'serve-gz.mjs'), dir]);
  p.stdout.once('data', (d) => resolve({ p, url: String(d).trim() }));
});
const init = () => {
  new MutationObserver((_, o) => {
    if (!window.__firstRender && document.querySelector('#app h1')) window.__firstRender = performance.now();
    if (document.querySelector('[data-testid="outcome"]')) { window.__handshake = performance.now(); o.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
};
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const profiles = {
  unthrottled: null,
  'mobile (150 ms RTT, 1.6 Mbit/s, 4x CPU)': { latency: 150, downloadThroughput: 1638400 / 8, uploadThroughput: 750000 / 8, cpu: 4 },
};

const browser = await launch();
let md = `## Navigation to first render, medians of ${REPEAT} cold loads\n\n| build | profile | first render ms | handshake on screen ms | texts ms | requests | bytes transferred |\n|---|---|---|---|---|---|---|\n`;
for (const b of builds) {
  const { p, url } = await serve(b.dir);
  for (const [pname, prof] of Object.entries(profiles)) {
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.clearBrowserCache'); // cold, but the cache works within the load (a worker can reuse a preload)
      if (prof) {
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: prof.latency, downloadThroughput: prof.downloadThroughput, uploadThroughput: prof.uploadThroughput });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: prof.cpu });
      }
      let bytes = 0; let n = 0;
      cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; n++; });
      await page.addInitScript(init);
      await page.goto(url);
      await page.waitForFunction(() => window.__handshake, null, { timeout: 120000 });
      await page.waitForTimeout(300);
      const r = await page.evaluate(() => ({
        first: window.__firstRender,
        handshake: window.__handshake,
        texts: performance.getEntriesByName('tlsim:texts').map((e) => e.duration)[0] ?? NaN,
      }));
      runs.push({ ...r, n, bytes });
      await ctx.close();
    }
    const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : '—');
    md += `| ${b.name} | ${pname} | ${f(med(runs.map((r) => r.first)))} | ${f(med(runs.map((r) => r.handshake)))} | ${f(med(runs.map((r) => r.texts)))} | ${med(runs.map((r) => r.n))} | ${med(runs.map((r) => r.bytes))} |\n`;
  }
  p.kill();
}
await browser.close();
console.log(md);
