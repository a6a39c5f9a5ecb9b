// Issue 5 end to end: a shared link reproduces the same step and bytes in a fresh browser, the
// page works inside an iframe, the language switches to Korean and stays in the URL, every
// download is a real file (PEMs checked with openssl, the pcap with tshark + the key log), and
// the key-generation worker answers with deterministic PEMs.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/share.spec.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

const ORIGIN = new URL(BASE_URL).origin;
const DL = path.join(OUT, 'downloads');
const FILES = ['ca.pem', 'server.pem', 'server-key.pem', 'keylog.txt', 'handshake.pcap',
  'transcript.json', 'transcript.md'];
// The core's DEFAULT_NOW (2026-11-23T09:00:00Z): inside the default certificates' validity.
const NOW = 1795424400;
const SEED = 'c0ffee'.repeat(10) + '0123';

const browser = await launch();

async function freshPage(opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...opts });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  return { context, page };
}

async function ready(page) {
  await page.waitForSelector('[data-testid="outcome"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="step-0"]', { timeout: 30000 });
}

// The current step: its index, key, and the hex view's text.
async function current(page) {
  const li = page.locator('[data-testid^="step-"]:has([aria-current="step"])');
  await li.first().waitFor({ timeout: 10000 });
  const id = await li.first().getAttribute('data-testid');
  return {
    index: Number(id.replace('step-', '')),
    key: await li.first().getAttribute('data-key'),
    hex: (await page.locator('[data-testid="hex"]').first().innerText()).replace(/\s+/g, ' ').trim(),
  };
}

async function clipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

try {
  await run('share', [
    ['a shared link shows the same step and bytes in a fresh browser', async () => {
      const a = await freshPage();
      await a.page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}`);
      await ready(a.page);
      await a.page.click('[data-testid="step-4"] button');
      await a.page.waitForFunction(() => /[?&]step=4\b/.test(location.search), null, { timeout: 5000 });
      const want = await current(a.page);
      assert.equal(want.index, 4);
      assert.ok(want.hex.length > 0, 'the step shows bytes');
      await a.page.click('[data-testid="copy-link"]');
      const link = await clipboard(a.page);
      assert.ok(link.startsWith(BASE_URL), `absolute link under the page's prefix: ${link}`);
      assert.match(link, /[?&]seed=c0ffee/);
      assert.match(link, new RegExp(`[?&]now=${NOW}\\b`));
      assert.deepEqual(a.page.errors, []);
      await a.context.close();

      const b = await freshPage();
      await b.page.goto(link);
      await ready(b.page);
      const got = await current(b.page);
      assert.deepEqual(got, want, 'same step, same key, same bytes');
      assert.deepEqual(b.page.errors, []);
      await b.context.close();
    }],
    ['the seed in the link drives the bytes (another seed, other randoms)', async () => {
      const { context, page } = await freshPage();
      // step 3: the server certificate (its serial comes from the seed; steps 1-2 are the CSR, issue 12)
      await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}&step=3`);
      await ready(page);
      const one = await current(page);
      await page.goto(`${BASE_URL}?seed=${'11'.repeat(32)}&now=${NOW}&step=3`);
      await ready(page);
      const two = await current(page);
      assert.equal(one.key, two.key);
      assert.notEqual(one.hex, two.hex, 'the seeded serial number differs');
      await context.close();
    }],
    ['a garbage link still opens the page with defaults', async () => {
      const { context, page } = await freshPage();
      await page.goto(`${BASE_URL}?seed=zz&s=!!!&step=abc&lang=xx&kbits=root:1&from=q#%%`);
      await ready(page);
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
    ['copy embed code gives an 800x500 lazy iframe of this page', async () => {
      const { context, page } = await freshPage();
      await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}&step=3`);
      await ready(page);
      await page.click('[data-testid="copy-embed"]');
      const code = await clipboard(page);
      assert.match(code, /^<iframe src="[^"]+"/);
      for (const part of ['width="800"', 'height="500"', 'loading="lazy"', 'title="']) {
        assert.ok(code.includes(part), `${part} in ${code}`);
      }
      const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
      assert.ok(src.startsWith(BASE_URL), src);
      assert.match(src, /[?&]embed=1\b/);
      assert.match(src, /[?&]step=3\b/);
      await context.close();
    }],
    ['the page works inside an iframe of 600x400 (course notes)', async () => {
      const { context, page } = await freshPage({ viewport: { width: 700, height: 600 } });
      await page.goto(`${BASE_URL}fixtures/embed.html`);
      const frame = page.frameLocator('#sim');
      await frame.locator('[data-testid="outcome"]').waitFor({ timeout: 30000 });
      const f = page.frames().find((x) => x.url().includes('embed=1'));
      assert.ok(f, 'the iframe loaded the simulator');
      const info = await f.evaluate(() => ({
        embed: !!document.querySelector('.tlsim-embed'),
        lang: document.documentElement.lang,
        overflowX: document.documentElement.scrollWidth - window.innerWidth,
        text: document.body.innerText,
        current: document.querySelector('[aria-current="step"]')?.closest('[data-testid^="step-"]')?.getAttribute('data-testid'),
        inputs: !!document.querySelector('[data-testid="inputs"]'),
      }));
      assert.ok(info.embed, 'root carries the tlsim-embed class');
      assert.equal(info.lang, 'ko');
      assert.ok(info.overflowX <= 1, `no horizontal scrolling at 600 px (overflow ${info.overflowX})`);
      assert.match(info.text, /핸드셰이크/);
      assert.equal(info.current, 'step-2');
      assert.equal(info.inputs, false, 'no input panel in embed mode');
      await page.screenshot({ path: path.join(OUT, 'embed-iframe.png') });
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
    ['switch to Korean; the URL remembers it', async () => {
      const { context, page } = await freshPage();
      await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}`);
      await ready(page);
      await page.click('[data-testid="lang-ko"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: 5000 });
      await page.waitForFunction(() => /[?&]lang=ko\b/.test(location.search), null, { timeout: 5000 });
      const text = await page.locator('body').innerText();
      for (const word of ['핸드셰이크', '재생', '서버', '클라이언트']) {
        assert.ok(text.includes(word), `Korean text "${word}" on the page`);
      }
      await page.click('[data-testid="step-0"] button');
      const explain = await page.locator('[data-testid="detail"]').innerText();
      assert.match(explain, /인증 기관|서명/, 'the step explanation is Korean');
      await page.reload();
      await ready(page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko', 'still Korean after reload');
      await page.screenshot({ path: path.join(OUT, 'korean.png'), fullPage: true });
      await page.click('[data-testid="lang-en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
    ['download every file; openssl and tshark accept them', async () => {
      fs.rmSync(DL, { recursive: true, force: true });
      fs.mkdirSync(DL, { recursive: true });
      const { context, page } = await freshPage();
      await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}`);
      await ready(page);
      for (const name of FILES) {
        const [dl] = await Promise.all([
          page.waitForEvent('download', { timeout: 10000 }),
          page.click(`[data-testid="download-${name}"]`),
        ]);
        assert.equal(dl.suggestedFilename(), name);
        await dl.saveAs(path.join(DL, name));
        assert.ok(fs.statSync(path.join(DL, name)).size > 0, `${name} not empty`);
      }
      const f = (n) => path.join(DL, n);
      // Certificates: parse, and the chain verifies at the session's date.
      assert.match(sh('openssl', ['x509', '-in', f('ca.pem'), '-noout', '-subject']), /Teaching Root CA/);
      assert.match(sh('openssl', ['x509', '-in', f('server.pem'), '-noout', '-subject']), /www\.example\.com/);
      assert.match(sh('openssl', ['verify', '-attime', String(NOW), '-CAfile', f('ca.pem'), f('server.pem')]), /OK/);
      // The teaching key: labelled, parses, and matches the certificate.
      const keyText = fs.readFileSync(f('server-key.pem'), 'utf8');
      assert.match(keyText.split('\n')[0], /TEACHING/);
      sh('openssl', ['pkey', '-in', f('server-key.pem'), '-noout']);
      assert.equal(sh('openssl', ['pkey', '-in', f('server-key.pem'), '-pubout']),
        sh('openssl', ['x509', '-in', f('server.pem'), '-noout', '-pubkey']));
      // Key log + pcap: Wireshark's dissector decrypts the application data.
      assert.match(fs.readFileSync(f('keylog.txt'), 'utf8'), /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/m);
      const hs = sh('tshark', ['-r', f('handshake.pcap'), '-Y', 'tls.handshake', '-T', 'fields', '-e', 'tls.handshake.type']);
      assert.match(hs, /\b1\b/, 'ClientHello dissected');
      assert.match(hs, /\b2\b/, 'ServerHello dissected');
      const http = sh('tshark', ['-r', f('handshake.pcap'), '-o', `tls.keylog_file:${f('keylog.txt')}`,
        '-Y', 'http', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.response.code']);
      assert.match(http, /GET/, `decrypted request: ${http}`);
      assert.match(http, /200/, `decrypted response: ${http}`);
      // Transcript exports.
      const json = JSON.parse(fs.readFileSync(f('transcript.json'), 'utf8'));
      assert.ok(Array.isArray(json.steps) && json.steps.length > 10);
      assert.match(fs.readFileSync(f('transcript.md'), 'utf8'), /^# /);
      assert.equal(await page.locator('[data-testid="downloads"] [aria-busy]').count(), 0, 'no button left busy');
      assert.equal(await page.locator('[data-testid="download-error"]').count(), 0);
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
    ['a file the worker is making: its button is busy until the file comes', async () => {
      const { context, page } = await freshPage();
      await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}`);
      await ready(page);
      await page.waitForSelector('[data-testid="download-handshake.pcap"]', { timeout: 10000 });
      const engine = page.workers().find((w) => w.url().includes('engine_worker'));
      assert.ok(engine, `the engine worker among ${page.workers().map((w) => w.url())}`);
      // Keep the worker busy for a while: the request waits in its queue.
      const blocked = engine.evaluate(() => { const end = Date.now() + 1500; while (Date.now() < end); });
      const button = '[data-testid="download-handshake.pcap"]';
      const download = page.waitForEvent('download', { timeout: 10000 });
      await page.click(button);
      await page.waitForSelector(`${button}[aria-busy="true"]`, { timeout: 1000 });
      const dl = await download;
      await blocked;
      assert.equal(dl.suggestedFilename(), 'handshake.pcap');
      await page.waitForSelector(`${button}:not([aria-busy])`, { timeout: 5000 });
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
    ['the engine stopped: a download says so in English and Korean, the Markdown still downloads', async () => {
      for (const lang of ['en', 'ko']) {
        const { context, page } = await freshPage();
        await page.goto(`${BASE_URL}?seed=${SEED}&now=${NOW}&lang=${lang}`);
        await ready(page);
        await page.waitForSelector('[data-testid="download-keylog.txt"]', { timeout: 10000 });
        const engine = page.workers().find((w) => w.url().includes('engine_worker'));
        // An uncaught error in the worker: the page's engine gives up on it (engine.rs on_error).
        await engine.evaluate(() => { setTimeout(() => { throw new Error('e2e: the engine crashes'); }, 0); });
        await page.waitForSelector('[data-testid="engine-error"]', { timeout: 5000 });
        await page.click('[data-testid="download-keylog.txt"]');
        const shown = await page.locator('[data-testid="download-error"]').innerText({ timeout: 5000 });
        assert.equal(shown, await page.locator('[data-testid="engine-error"]').innerText(), lang);
        assert.match(shown, lang === 'ko' ? /[가-힣]/ : /engine/, lang);
        assert.equal(await page.locator('[data-testid="downloads"] [aria-busy]').count(), 0);
        const [md] = await Promise.all([
          page.waitForEvent('download', { timeout: 10000 }),
          page.click('[data-testid="download-transcript.md"]'),
        ]);
        assert.equal(md.suggestedFilename(), 'transcript.md');
        assert.deepEqual(page.errors, [], lang);
        await context.close();
      }
    }],
    ['the engine worker generates deterministic PKCS#8 PEMs with progress', async () => {
      const { context, page } = await freshPage();
      await page.goto(BASE_URL);
      await ready(page);
      const gen = () => page.evaluate(() => new Promise((resolve, reject) => {
        const w = new Worker('./engine_worker_loader.js');
        const progress = [];
        const timer = setTimeout(() => reject(new Error('worker timeout')), 60000);
        w.onerror = (e) => { clearTimeout(timer); reject(new Error(`worker error: ${e.message}`)); };
        w.onmessage = (e) => {
          const { id, body } = JSON.parse(e.data);
          // externally tagged (engine_protocol.rs): "ready", {"progress": {..}}, {"keys": {"Ok": [..]}}
          if (body === 'ready') {
            w.postMessage(JSON.stringify({ id: 5, job: { keygen: { seed: '07'.repeat(32),
              keys: [{ role: 'server', bits: 512 }, { role: 'ca', bits: 512 }] } } }));
          } else if (id !== 5) { clearTimeout(timer); reject(new Error(`reply to ${id}`)); }
          else if (body.progress) progress.push(`${body.progress.role} ${body.progress.index}/${body.progress.total}`);
          else if (body.keys && body.keys.Ok) { clearTimeout(timer); w.terminate(); resolve({ progress, keys: body.keys.Ok }); }
          else { clearTimeout(timer); w.terminate(); reject(new Error(e.data)); }
        };
      }));
      const one = await gen();
      assert.deepEqual(one.progress, ['server 1/2', 'ca 2/2']);
      assert.equal(one.keys.length, 2);
      const two = await gen();
      assert.equal(one.keys[0].pem, two.keys[0].pem, 'same seed, same key');
      fs.mkdirSync(DL, { recursive: true });
      const p = path.join(DL, 'worker-server-key.pem');
      fs.writeFileSync(p, one.keys[0].pem);
      assert.match(sh('openssl', ['pkey', '-in', p, '-noout', '-text']), /512 bit/);
      assert.deepEqual(page.errors, []);
      await context.close();
    }],
  ]);
} finally {
  await browser.close();
}
