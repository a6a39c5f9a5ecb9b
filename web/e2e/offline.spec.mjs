// The release build works from a path prefix (relative URLs), bundles everything, talks to no other
// host, and carries a Content-Security-Policy that forbids connections out.
import assert from 'node:assert/strict';
import { launch, run, BASE_URL } from './browser.mjs';

const browser = await launch();
try {
  await run('offline', [
    ['loads under a path prefix with every request same-origin', async () => {
      const page = await browser.newPage();
      const origin = new URL(BASE_URL).origin;
      const requests = [];
      const failures = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('requestfailed', (r) => failures.push(r.url()));
      page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
      await page.goto(BASE_URL);
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      assert.ok(new URL(BASE_URL).pathname.length > 1, 'served under a prefix');
      const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.deepEqual(foreign, [], 'no request to another host');
      assert.deepEqual(failures, [], 'no failed request and no page error');
      assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm module came from the prefix');
      await page.close();
    }],
    ['a page whose engine worker cannot start says so, in English and Korean, instead of waiting', async () => {
      for (const [lang, words] of [['en', /engine could not start/], ['ko', /엔진/]]) {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        // A browser that refuses the worker: every Worker fails as it starts.
        await page.addInitScript(() => {
          window.Worker = class {
            constructor() { setTimeout(() => this.onerror && this.onerror({ message: 'blocked' }), 50); }
            postMessage() {}
            terminate() {}
          };
        });
        await page.goto(`${BASE_URL}?lang=${lang}`);
        const msg = page.locator('[data-testid="engine-error"]');
        await msg.waitFor({ timeout: 20000 });
        assert.match(await msg.textContent(), words);
        assert.equal(await msg.getAttribute('role'), 'alert');
        // the shell and the form are there all the same
        assert.ok(await page.locator('[data-testid="scenario-normal"]').count() > 0);
        assert.deepEqual(errors, []);
        await page.close();
      }
    }],
    ['index.html has a CSP that forbids connections out', async () => {
      const page = await browser.newPage();
      await page.goto(BASE_URL);
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.ok(csp, 'CSP meta present');
      assert.match(csp, /connect-src 'self'|connect-src 'none'/, `connect-src limited: ${csp}`);
      assert.match(csp, /default-src 'self'|default-src 'none'/, `default-src limited: ${csp}`);
      // A fetch to another host is refused by the browser itself.
      const blocked = await page.evaluate(async () => {
        try { await fetch('http://198.51.100.7/'); return false; } catch { return true; }
      });
      assert.ok(blocked, 'cross-host fetch blocked');
      await page.close();
    }],
  ]);
} finally {
  await browser.close();
}
