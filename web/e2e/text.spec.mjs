// The page's texts come per language (issue 11): the release build fetches text/<lang>.json from
// its own origin before the first render, fetches the other language once on a switch, and says
// so in both languages (index.html's #text-error) when a table cannot be loaded, without a panic.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/text.spec.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, run, BASE_URL } from './browser.mjs';

const EN_TITLE = 'TLS 1.2 and 1.3 handshake simulator';
const KO_TITLE = 'TLS 1.2·1.3 핸드셰이크 시뮬레이터';

// A page that records its table requests and its errors.
async function open(browser, query, route, waitUntil = 'load') {
  const page = await browser.newPage();
  const tables = [];
  const errors = [];
  page.on('request', (r) => {
    const m = /\/text\/(\w+)\.json$/.exec(new URL(r.url()).pathname);
    if (m) tables.push(m[1]);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  if (route) await route(page);
  await page.goto(`${BASE_URL}${query}`, { waitUntil });
  return { page, tables, errors };
}

const h1 = (page) => page.evaluate(() => document.querySelector('h1').firstChild.textContent);
const visible = (page, sel) => page.evaluate((s) => {
  const el = document.querySelector(s);
  return !!el && !el.hidden && el.getClientRects().length > 0;
}, sel);

const browser = await launch();
try {
  await run('text', [
    ['English first, Korean fetched once on the switch, and back without a fetch', async () => {
      const { page, tables, errors } = await open(browser, '');
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      assert.deepEqual(tables, ['en'], 'only the English table at start-up');
      assert.equal(await h1(page), EN_TITLE);
      await page.click('[data-testid="lang-ko"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: 5000 });
      assert.equal(await h1(page), KO_TITLE);
      assert.match(await page.textContent('[data-testid="outcome"]'), /[가-힣]/, 'the banner speaks Korean');
      await page.click('[data-testid="lang-en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
      assert.equal(await h1(page), EN_TITLE);
      await page.click('[data-testid="lang-ko"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: 5000 });
      assert.equal(await h1(page), KO_TITLE);
      assert.deepEqual(tables, ['en', 'ko'], 'each table fetched once');
      assert.equal(await visible(page, '#text-error'), false);
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['lang=ko fetches only the Korean table and renders Korean first', async () => {
      const { page, tables, errors } = await open(browser, '?lang=ko');
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      assert.equal(await h1(page), KO_TITLE);
      assert.deepEqual(tables, ['ko']);
      // Korean only: every label has its own text, none falls back to a bare key.
      const keys = await page.evaluate(() => [...document.querySelectorAll('button, h1, h2, label, summary')]
        .map((e) => e.textContent.trim()).filter((s) => /^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(s)));
      assert.deepEqual(keys, [], 'no key shown as text');
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['text/early.js picks the language the page picks: one table request for any link', async () => {
      const cases = [['?lang=ko&lang=en', 'en'], ['?lang=KO-kr', 'ko'], ['?lang=kr', 'ko'], ['?seed=1#step=2&lang=ko', 'ko'],
        ['?lang=xx', 'en'], ['?lang=ko&lang', 'en'], ['?lang=%6Bo', 'ko']];
      for (const [query, want] of cases) {
        const { page, tables, errors } = await open(browser, query);
        await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
        assert.equal(await page.evaluate(() => document.documentElement.lang), want, query);
        assert.deepEqual(tables, [want], `${query}: the early fetch was the page's`);
        assert.deepEqual(errors, [], query);
        await page.close();
      }
    }],
    ['an early.js that arrives after the page has fetched its table fetches nothing more', async () => {
      // On a busy machine the async hint can lose the race with the wasm (seen once in CI).
      let release;
      const held = new Promise((r) => { release = r; });
      const { page, tables, errors } = await open(browser, '?lang=ko', (p) =>
        p.route('**/text/early.js', async (r) => { await held; await r.continue(); }), 'commit');
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      assert.equal(await h1(page), KO_TITLE);
      release();
      await page.waitForFunction(() => window.__tlsimTexts === null, null, { timeout: 5000 });
      await page.waitForTimeout(300);
      assert.deepEqual(tables, ['ko'], 'one table request');
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['a table of another build (a stale cache) is fetched again past the caches', async () => {
      const real = fs.readFileSync(new URL('../static/text/en.json', import.meta.url), 'utf8');
      const stale = real.replace(/"version":"[0-9a-f]+"/, '"version":"0123456789abcdef"');
      assert.notEqual(stale, real);
      const asked = [];
      const { page, tables, errors } = await open(browser, '', (p) =>
        p.route('**/text/en.json', (r) => { asked.push(r.request().url()); r.fulfill({ status: 200, contentType: 'application/json', body: stale }); }));
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      assert.equal(await h1(page), EN_TITLE);
      assert.equal(asked.length, 1, 'the stale file was served once');
      assert.equal(tables.length, 2, 'then fetched once more');
      assert.equal(await visible(page, '#text-error'), false);
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['a missing table: the shell says so in both languages, no panic', async () => {
      const { page, errors } = await open(browser, '?lang=ko', (p) =>
        p.route('**/text/ko.json', (r) => r.fulfill({ status: 404, body: 'not found' })));
      await page.waitForSelector('#text-error:not([hidden])', { timeout: 20000 });
      const msg = await page.evaluate(() => ({
        en: document.querySelector('#text-error [lang="en"]').textContent,
        ko: document.querySelector('#text-error [lang="ko"]').textContent,
      }));
      assert.match(msg.en, /could not be loaded/);
      assert.match(msg.ko, /불러오지 못했습니다/);
      assert.equal(await visible(page, '#app > .loading'), false, 'the loading text is gone');
      assert.equal(await visible(page, '#panic'), false, 'no panic');
      assert.equal(await page.$('[data-testid="outcome"]'), null, 'the page did not render');
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['a table that is not one (an HTML error page): the same message', async () => {
      const { page, errors } = await open(browser, '', (p) =>
        p.route('**/text/en.json', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>oops</p>' })));
      await page.waitForSelector('#text-error:not([hidden])', { timeout: 20000 });
      assert.equal(await visible(page, '#panic'), false, 'no panic');
      assert.deepEqual(errors, []);
      await page.close();
    }],
    ['a switch whose table cannot be loaded keeps the page in its language', async () => {
      const { page, errors } = await open(browser, '', (p) =>
        p.route('**/text/ko.json', (r) => r.fulfill({ status: 404, body: 'not found' })));
      await page.waitForSelector('[data-testid="outcome"]', { timeout: 20000 });
      await page.click('[data-testid="lang-ko"]');
      await page.waitForSelector('#text-error:not([hidden])', { timeout: 5000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await h1(page), EN_TITLE, 'still English, still working');
      await page.click('[data-testid="lang-en"]');
      assert.equal(await visible(page, '#panic'), false, 'no panic');
      assert.deepEqual(errors, []);
      await page.close();
    }],
  ]);
} finally {
  await browser.close();
}
