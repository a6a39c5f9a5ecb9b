// Lighthouse 12 (npm lighthouse@12.2.3, web/bench/package.json) against the release dist/ served with
// gzip (serve-gz.mjs), Debian's chromium, the default mobile profile (simulated slow 4G, 4x CPU
// slowdown). Runs it RUNS times (default 3) and keeps the median run by performance score.
// Writes bench-out/lighthouse.json and bench-out/lighthouse.md.
// Usage: node web/bench/lighthouse.mjs bench-out/dist [runs]
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] || 'bench-out/dist');
const runs = Number(process.argv[3] || process.env.BENCH_LIGHTHOUSE_RUNS || 3);
const out = path.resolve(here, '../../bench-out');
const lh = path.join(here, 'node_modules/.bin/lighthouse');

const server = spawn(process.execPath, [path.join(here, 'serve-gz.mjs'), dist], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
const flags = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage';
const reports = [];
try {
  for (let i = 0; i < runs; i++) {
    const file = path.join(out, `lighthouse-${i}.json`);
    execFileSync(lh, [url, '--quiet', '--output=json', `--output-path=${file}`, `--chrome-flags=${flags}`,
      '--only-categories=performance,accessibility,best-practices,seo'],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] });
    reports.push(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
} finally {
  server.kill();
}
const score = (r, c) => Math.round(r.categories[c].score * 100);
reports.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
const r = reports[Math.floor(reports.length / 2)];
const metric = (id) => r.audits[id].numericValue;
const result = {
  lighthouse: r.lighthouseVersion, runs, url: r.finalDisplayedUrl, form_factor: r.configSettings.formFactor,
  scores: Object.fromEntries(['performance', 'accessibility', 'best-practices', 'seo'].map((c) => [c, score(r, c)])),
  all_performance_scores: reports.map((x) => score(x, 'performance')),
  metrics_ms: {
    fcp: metric('first-contentful-paint'), lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'), si: metric('speed-index'), tti: metric('interactive'),
  },
  cls: metric('cumulative-layout-shift'),
};
fs.writeFileSync(path.join(out, 'lighthouse.json'), JSON.stringify(result, null, 2));
const m = result.metrics_ms; const s = result.scores;
const met = (c) => (c ? 'met' : '**missed**');
let md = `\n## Lighthouse ${result.lighthouse} (${result.form_factor}, median of ${runs} runs by performance: ${result.all_performance_scores.join(', ')})\n\n`;
md += 'Release dist/ served with gzip on 127.0.0.1, Debian chromium, default mobile throttling.\n\n';
md += '| performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | Speed Index | TTI |\n|---|---|---|---|---|---|---|---|---|---|\n';
md += `| ${s.performance} | ${s.accessibility} | ${s['best-practices']} | ${s.seo} | ${m.fcp.toFixed(0)} ms | ${m.lcp.toFixed(0)} ms | ${m.tbt.toFixed(0)} ms | ${result.cls.toFixed(3)} | ${m.si.toFixed(0)} ms | ${m.tti.toFixed(0)} ms |\n`;
md += `\nTargets (issue 11): performance ≥ 95 ${met(s.performance >= 95)}, TBT < 200 ms ${met(m.tbt < 200)}, the other three 100 ${met(s.accessibility === 100 && s['best-practices'] === 100 && s.seo === 100)}.\n`;
fs.writeFileSync(path.join(out, 'lighthouse.md'), md);
console.log(md);
