// Shared launcher for the end-to-end tests: Debian's chromium via playwright-core (no browser
// download), with the flags this closed network needs.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080/';
export const OUT = new URL('./out/', import.meta.url).pathname;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-quic'],
  });
}

// Run named test functions in order, print a TAP-like summary, exit non-zero on any failure.
export async function run(name, tests) {
  let passed = 0; let failed = 0;
  for (const [title, fn] of tests) {
    const t0 = Date.now();
    try { await fn(); passed++; console.log(`ok - ${name}: ${title} (${Date.now() - t0} ms)`); }
    catch (e) { failed++; console.log(`not ok - ${name}: ${title}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`); }
  }
  console.log(`# ${name}: ${passed} passed, ${failed} failed`);
  if (failed || !passed) process.exit(1);
}
