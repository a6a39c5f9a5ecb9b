// Interaction latency (issue 11): for each kind of edit, the time from the input event to the next
// paint, p50/p75/max, on one or more release builds in ONE headless Chromium run (so a reference
// build, e.g. main before the change, gives a ratio taken on the same machine at the same time).
//
//   node web/bench/interaction.mjs page=bench-out/dist [ref=/tmp/base/dist ...]
//   (web/bench/run.sh calls it with the page it built, and BENCH_REF_DIST if set)
//
// Two measures per interaction:
//  - "to next paint": a capture-phase listener notes the event's timeStamp; a requestAnimationFrame
//    callback then posts a message, which runs just after that frame is painted; the latency is
//    that moment minus the timeStamp (input delay + handlers + rendering + paint). Every
//    interaction has one.
//  - the browser's own Event Timing (PerformanceObserver type "event", durationThreshold 16, the
//    basis of Interaction to Next Paint): only interactions of 16 ms or more appear there, so it
//    is reported as a count and a maximum.
// Long tasks (> 50 ms) over each window are counted too: a deferred run that blocks nothing shows
// there without being an interaction's latency.
// Writes bench-out/interaction.json and prints a Markdown table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './serve-builds.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'bench-out');
fs.mkdirSync(out, { recursive: true });

const builds = process.argv.slice(2).map((a) => { const [name, dir] = a.split('='); return { name, dir: path.resolve(dir) }; });
if (!builds.length) builds.push({ name: 'page', dir: path.join(out, 'dist') });
const REPEAT = Number(process.env.BENCH_INTERACTION_REPEAT || 2);

const { base, close } = await serveBuilds(builds);

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * p; const lo = Math.floor(i); const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};

const initScript = () => {
  const B = window.__ix = { lat: [], events: [], longtasks: [] };
  const ch = new MessageChannel();
  let pending = [];
  ch.port1.onmessage = () => {
    const now = performance.now();
    for (const t of pending) B.lat.push(now - t);
    pending = [];
  };
  const note = (e) => {
    if (e.type === 'keydown' && ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
    const first = pending.length === 0;
    pending.push(e.timeStamp);
    if (first) requestAnimationFrame(() => ch.port2.postMessage(0));
  };
  for (const t of ['keydown', 'pointerdown']) window.addEventListener(t, note, { capture: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) B.events.push({ id: e.interactionId, name: e.name, duration: e.duration, start: e.startTime }); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) B.longtasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
};

// The kinds of edit: typing into text inputs (two paces: fast, and a learner's 250 ms, slower
// than the page's pause before a run), and toggling the trust checkbox.
const TEXT = ' typing like a learner'; // 22 characters
const kinds = [
  ['type into the message (60 ms apart)', 'input-app_message', 60],
  ['type into the host name (60 ms apart)', 'input-client_host', 60],
  ['type into the CA name (60 ms apart)', 'input-ca_name', 60],
  ['type into the server name (250 ms apart)', 'input-server_name', 250],
  ['type into the message (250 ms apart)', 'input-app_message', 250],
  ['toggle "trust the CA" (10 clicks, 400 ms apart)', 'input-trust_issuing_ca', 'click'],
];

const browser = await launch();
const results = { date: new Date().toISOString(), chromium: browser.version(), builds: {} };
for (const b of builds) {
  const per = {};
  for (let rep = 0; rep < REPEAT; rep++) {
    for (const [label, testid, how] of kinds) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.addInitScript(initScript);
      await page.goto(`${base}/${b.name}/`);
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 60000 });
      await page.waitForTimeout(500);
      const loc = page.locator(`[data-testid="${testid}"]`).first();
      await loc.scrollIntoViewIfNeeded();
      if (how === 'click') {
        await page.evaluate(() => { window.__ix.lat = []; window.__ix.events = []; window.__ix.longtasks = []; });
        for (let i = 0; i < 10; i++) { await loc.click(); await page.waitForTimeout(400); }
      } else {
        await loc.click();
        await page.keyboard.press('End');
        await page.waitForTimeout(300);
        await page.evaluate(() => { window.__ix.lat = []; window.__ix.events = []; window.__ix.longtasks = []; });
        await page.keyboard.type(TEXT, { delay: how });
      }
      await page.waitForTimeout(800);
      const r = await page.evaluate(() => window.__ix);
      const byId = new Map();
      for (const e of r.events) byId.set(e.id, Math.max(byId.get(e.id) || 0, e.duration));
      const p = per[label] || (per[label] = { lat: [], et: [], longtasks: [], n: 0 });
      p.lat.push(...r.lat); p.et.push(...byId.values()); p.longtasks.push(...r.longtasks);
      p.n += how === 'click' ? 10 : TEXT.length;
      await ctx.close();
    }
  }
  results.builds[b.name] = Object.fromEntries(Object.entries(per).map(([k, p]) => [k, {
    interactions: p.n, measured: p.lat.length, p50: q(p.lat, 0.5), p75: q(p.lat, 0.75), max: Math.max(...p.lat),
    event_timing_16ms_or_more: p.et.length, event_timing_max: p.et.length ? Math.max(...p.et) : 0,
    // p75 of the browser's own measure over all interactions: those it did not report lasted
    // under 16 ms (its threshold), counted as 8 (its granularity) here.
    event_timing_p75: q([...p.et, ...Array(Math.max(0, p.n - p.et.length)).fill(8)], 0.75),
    longtasks: p.longtasks.length, longest_task: p.longtasks.length ? Math.max(...p.longtasks) : 0,
  }]));
}
await browser.close();
close();
fs.writeFileSync(path.join(out, 'interaction.json'), JSON.stringify(results, null, 2));

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
let md = `## Interaction latency (input event to next paint), ms — ${results.chromium}, ${REPEAT} page loads per kind\n\n`;
md += `| edit | ${builds.map((b) => `${b.name}: p50 / p75 / max`).join(' | ')} | ${builds.map((b) => `${b.name}: Event Timing ≥16 ms (count, max, p75) · long tasks`).join(' | ')} |\n`;
md += `|---|${builds.map(() => '---').join('|')}|${builds.map(() => '---').join('|')}|\n`;
for (const [label] of kinds) {
  const cells = builds.map((b) => { const r = results.builds[b.name][label]; return `${f(r.p50)} / ${f(r.p75)} / ${f(r.max)}`; });
  const et = builds.map((b) => { const r = results.builds[b.name][label]; return `${r.event_timing_16ms_or_more} of ${r.interactions} (max ${f(r.event_timing_max)}, p75 ${f(r.event_timing_p75)}) · ${r.longtasks} (longest ${f(r.longest_task)})`; });
  md += `| ${label} | ${cells.join(' | ')} | ${et.join(' | ')} |\n`;
}
if (builds.length > 1) {
  const [a, ...refs] = builds;
  md += '\nRatios of p75 (this build / reference), same run: ';
  md += kinds.map(([label]) => `${label}: ${refs.map((r) => (results.builds[a.name][label].p75 / results.builds[r.name][label].p75).toFixed(2)).join(', ')}`).join('; ');
  md += '\n';
}
fs.writeFileSync(path.join(out, 'interaction.md'), md);
console.log(md);
