// Which element is the largest contentful paint, and when (Lighthouse's own LCP-element audit
// fails with Debian's chromium). One cold load per build at a phone's viewport (412x823) with
// Lighthouse's mobile network and CPU (150 ms RTT, 1.6 Mbit/s, 4x CPU), served gzip-9
// (serve-gz.mjs). Prints every LCP candidate: time, element, size in px², first words.
//
//   node web/bench/lcp.mjs <dist> [lang=en|ko] [repeat=1]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dir = path.resolve(process.argv[2] || 'dist');
const lang = process.argv[3] || 'en';
const repeat = Number(process.argv[4] || 1);
const { p, url } = await new Promise((resolve) => {
  const p = spawn(process.execPath, [path.join(here, 'serve-gz.mjs'), dir]);
  p.stdout.once('data', (d) => resolve({ p, url: String(d).trim() }));
});
const browser = await launch();
for (let i = 0; i < repeat; i++) {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (!process.env.LCP_FAST) { await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1638400 / 8, uploadThroughput: 750000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 }); }
  await page.addInitScript(() => {
    window.__lcp = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        const el = e.element;
        window.__lcp.push({
          t: Math.round(e.startTime),
          el: el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}` : '(removed)',
          size: e.size,
          text: el ? (el.textContent || '').trim().slice(0, 60) : '',
        });
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(`${url}?lang=${lang}`);
  await page.waitForSelector('[data-testid="outcome"]:not([data-pending="true"])', { timeout: 120000 });
  await page.waitForTimeout(500);
  const out = await page.evaluate(() => window.__lcp);
  console.log(`load ${i + 1} (${lang}):`);
  for (const e of out) console.log(`  ${String(e.t).padStart(6)} ms  ${String(e.size).padStart(7)} px²  ${e.el}  "${e.text}"`);
  await ctx.close();
}
await browser.close();
p.kill();
