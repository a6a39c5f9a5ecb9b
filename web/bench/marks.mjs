// Where the main thread's time goes (issue 11): the page's User Timing measures (`perf.rs`:
// `tlsim:simulate`, one run of the core; `tlsim:render`, one render to the DOM) at start-up and
// per kind of edit, beside the long tasks and the paint timings, in one headless Chromium run.
// Release wasm has no function names, so these marks are the profile. A build without the marks
// (e.g. main before issue 11's perf work) reports only long tasks and paints.
//
//   node web/bench/marks.mjs page=<dist> [ref=<dist> ...]
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './serve-builds.mjs';

const builds = process.argv.slice(2).map((a) => { const [name, dir] = a.split('='); return { name, dir: path.resolve(dir) }; });
const REPEAT = Number(process.env.BENCH_MARKS_REPEAT || 3);
const { base, close } = await serveBuilds(builds);

const init = () => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push({ start: e.startTime, dur: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
};
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const snap = (page) => page.evaluate(() => {
  const m = performance.getEntriesByType('measure').map((e) => ({ name: e.name, dur: e.duration, start: e.startTime }));
  const lt = window.__lt; window.__lt = []; performance.clearMeasures(); performance.clearMarks();
  return { m, lt };
});
const summary = ({ m, lt }) => {
  const sim = m.filter((e) => e.name === 'tlsim:simulate').map((e) => e.dur);
  const ren = m.filter((e) => e.name === 'tlsim:render').map((e) => e.dur);
  return { simulate_n: sim.length, simulate_ms: sum(sim), simulate_max: Math.max(0, ...sim), render_n: ren.length, render_ms: sum(ren), render_max: Math.max(0, ...ren), longtasks: lt.length, longtask_ms: sum(lt.map((x) => x.dur)) };
};

const browser = await launch();
const all = {};
for (const b of builds) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.addInitScript(init);
    await page.goto(`${base}/${b.name}/`);
    await page.waitForSelector('[data-testid="outcome"]', { timeout: 60000 });
    await page.waitForTimeout(600);
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])));
    const r = { paints, start: summary(await snap(page)) };
    for (const [label, id] of [['type 22 chars into the message', 'input-app_message'], ['type 22 chars into the CA name', 'input-ca_name']]) {
      const loc = page.locator(`[data-testid="${id}"]`).first();
      await loc.scrollIntoViewIfNeeded(); await loc.click(); await page.keyboard.press('End');
      await page.waitForTimeout(300); await snap(page);
      await page.keyboard.type(' typing like a learner', { delay: 250 });
      await page.waitForTimeout(900);
      r[label] = summary(await snap(page));
    }
    const t = page.locator('[data-testid="input-trust_issuing_ca"]').first();
    await t.scrollIntoViewIfNeeded(); await snap(page);
    for (let k = 0; k < 10; k++) { await t.click(); await page.waitForTimeout(400); }
    r['toggle trust x10'] = summary(await snap(page));
    runs.push(r);
    await ctx.close();
  }
  all[b.name] = runs;
}
await browser.close(); close();
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../bench-out');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'marks.json'), JSON.stringify(all, null, 2));
const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
let md = `## Main-thread time by cause (User Timing marks), medians of ${REPEAT} loads\n\n| build | phase | FCP | simulate (n, total, max) | render (n, total, max) | long tasks (n, total) |\n|---|---|---|---|---|---|\n`;
for (const [name, runs] of Object.entries(all)) {
  for (const phase of Object.keys(runs[0]).filter((k) => k !== 'paints')) {
    const g = (k) => med(runs.map((r) => r[phase][k]));
    md += `| ${name} | ${phase} | ${phase === 'start' ? f(med(runs.map((r) => r.paints['first-contentful-paint']))) : ''} | ${g('simulate_n')}, ${f(g('simulate_ms'))}, ${f(g('simulate_max'))} | ${g('render_n')}, ${f(g('render_ms'))}, ${f(g('render_max'))} | ${g('longtasks')}, ${f(g('longtask_ms'))} |\n`;
  }
}
fs.writeFileSync(path.join(out, 'marks.md'), md);
console.log(md);
