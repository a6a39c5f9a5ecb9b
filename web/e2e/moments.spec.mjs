// The four moments of issue 11, frame by frame: the CA signing the server's certificate, the
// client's check of that signature, the pre-master's trip (RSA key exchange), the key derivation.
// Each is opened on its step, stepped with its buttons and with ← → Home End (which then do not
// move the page's step), its bytes are checked against the math panel's data-hex of the same
// value, the pace follows the speed control, reduced motion shows the last frame still; the
// forged-signature and man-in-the-middle presets fail for real; an edit marks the values it
// changed. Screenshots of a frame of each (1280 and 390 px, English and Korean) go to
// web/e2e/out/issue11-moment-*.png.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/moments.spec.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const NOW = 1795424400; // the core's DEFAULT_NOW
const browser = await launch();
const MOMENTS = [
  ['issue_server_cert', 'sign', 4],
  ['verify_server_cert', 'verify', 4],
  ['client_key_exchange', 'premaster', 6],
  ['derive_keys_client', 'derive', 4],
];

async function open(query = '', { width = 1280, height = 900, reduce = false } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (reduce) await page.emulateMedia({ reducedMotion: 'reduce' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(`${BASE_URL}?now=${NOW}${query}`);
  await page.waitForSelector('[data-testid="outcome"]', { timeout: 30000 });
  return page;
}

async function gotoKey(page, key) {
  const item = page.locator(`[data-testid^="step-"][data-key="${key}"]`).first();
  const id = await item.getAttribute('data-testid');
  await item.locator('button').first().click();
  await page.waitForSelector(`[data-testid="detail"][data-step="${id.slice(5)}"]`, { timeout: 5000 });
  return id.slice(5);
}

const moment = (page) => page.locator('[data-testid="detail"] [data-testid="moment"]');
const frameOf = async (page) => Number(await moment(page).getAttribute('data-frame'));
async function waitFrame(page, n) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="moment"]')?.getAttribute('data-frame') === String(n), n, { timeout: 5000 });
}

// Every value on the current frame: the math panel of the same derived value shows the same bytes
// (where it names them), and what is drawn is the value's bytes.
async function checkFrameBytes(page) {
  return page.evaluate(() => {
    const detail = document.querySelector('[data-testid="detail"]');
    const out = { matched: 0, values: 0, bad: [] };
    for (const v of detail.querySelectorAll('[data-testid="moment"] [data-mv]')) {
      out.values++;
      const hex = v.getAttribute('data-hex');
      const math = detail.querySelector(`[data-testid="math"][data-math-for="${v.getAttribute('data-for')}"] [data-math="${v.getAttribute('data-mv')}"]`);
      if (math) {
        out.matched++;
        if (math.getAttribute('data-hex') !== hex) out.bad.push(`${v.getAttribute('data-mv')}: math ${math.getAttribute('data-hex').slice(0, 16)} vs ${hex.slice(0, 16)}`);
      }
      const bytes = v.querySelector('.mv-bytes');
      const shown = bytes.textContent.replace(/[^0-9a-f…]/g, '');
      if (bytes.classList.contains('cmp-row')) {
        if (!hex.endsWith(shown)) out.bad.push(`${v.getAttribute('data-mv')}: cells ${shown.slice(0, 16)} not the tail of ${hex.slice(-16)}`);
      } else if (!shown.includes('…')) {
        if (shown !== hex) out.bad.push(`${v.getAttribute('data-mv')}: shows ${shown.slice(0, 16)} for ${hex.slice(0, 16)}`);
      } else {
        const [head, ...rest] = shown.split('…');
        if (!hex.startsWith(head) || !hex.endsWith(rest[rest.length - 1])) out.bad.push(`${v.getAttribute('data-mv')}: folded ${head}…`);
      }
    }
    return out;
  });
}

await run('moments', [
  ['each moment on its step: buttons and keys step the frames, the bytes are the math panel\'s', async () => {
    const page = await open();
    for (const [key, kind, frames] of MOMENTS) {
      const step = await gotoKey(page, key);
      const m = moment(page);
      assert.equal(await m.getAttribute('data-moment'), kind, key);
      assert.equal(Number(await m.getAttribute('data-frames')), frames, `${kind}: frames`);
      await page.click('[data-testid="moment-first"]').catch(() => {});
      await waitFrame(page, 0);
      assert.equal(await m.getAttribute('class').then((c) => c.includes('playing')), false, 'a click pauses');
      let matched = 0;
      for (let f = 0; f < frames; f++) {
        await waitFrame(page, f);
        const r = await checkFrameBytes(page);
        assert.deepEqual(r.bad, [], `${kind} frame ${f}`);
        assert.ok(r.values > 0, `${kind} frame ${f} shows values (or is the verdict)`);
        matched += r.matched;
        if (f + 1 < frames) await page.click('[data-testid="moment-next"]');
      }
      assert.ok(matched >= 3, `${kind}: ${matched} values checked against the math panels`);
      assert.equal(await page.locator('[data-testid="moment-next"]').isDisabled(), true);
      // keys: focus the moment, ← → Home End move the frames, not the page's step
      await m.focus();
      await page.keyboard.press('Home');
      await waitFrame(page, 0);
      await page.keyboard.press('ArrowRight');
      await waitFrame(page, 1);
      await page.keyboard.press('ArrowRight');
      await waitFrame(page, 2);
      await page.keyboard.press('ArrowLeft');
      await waitFrame(page, 1);
      await page.keyboard.press('End');
      await waitFrame(page, frames - 1);
      // a frame button keeps the keys too
      await page.focus('[data-testid="moment-prev"]');
      await page.keyboard.press('ArrowLeft');
      await waitFrame(page, frames - 2);
      assert.equal(await page.locator('[data-testid="detail"]').getAttribute('data-step'), step, 'the page stayed on its step');
      assert.match(await page.locator('[data-testid="moment-caption"]').textContent(), new RegExp(`${frames - 1}\\D+${frames}|${frames}\\D+${frames - 1}`));
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['the verdicts: pass on the normal run, fail for real on a forged signature and a man in the middle', async () => {
    const page = await open();
    await gotoKey(page, 'verify_server_cert');
    assert.equal(await moment(page).getAttribute('data-verdict'), 'pass');
    await page.keyboard.press('Escape');
    await moment(page).focus();
    await page.keyboard.press('End');
    assert.equal(await page.locator('[data-testid="moment"] .cmp-row .b.diff').count(), 0);
    assert.ok(await page.locator('[data-testid="moment"] .cmp-row .b.eq').count() >= 51);
    await page.close();
    const forged = await open('&preset=forged_signature');
    await gotoKey(forged, 'verify_server_cert');
    const m = moment(forged);
    assert.equal(await m.getAttribute('data-verdict'), 'fail');
    await m.focus();
    await forged.keyboard.press('End');
    await waitFrame(forged, 3);
    assert.equal(await m.getAttribute('data-frame-id'), 'fail');
    assert.ok(await forged.locator('[data-testid="moment"] .cmp-row .b.diff').count() > 0, 'differing bytes marked');
    assert.equal(await forged.locator('[data-testid="moment-caption"] [data-verdict="fail"]').count(), 1);
    assert.deepEqual((await checkFrameBytes(forged)).bad, []);
    // the issuance shows the signature that left is not the one computed
    await gotoKey(forged, 'issue_server_cert');
    await moment(forged).focus();
    await forged.keyboard.press('End');
    await waitFrame(forged, 3);
    assert.equal(await moment(forged).getAttribute('data-frame-id'), 'altered');
    assert.deepEqual(forged.errors, []);
    await forged.close();
    const mitm = await open('&preset=mitm');
    await gotoKey(mitm, 'verify_server_cert');
    assert.equal(await moment(mitm).getAttribute('data-verdict'), 'fail');
    assert.equal(await moment(mitm).getAttribute('data-frame-id'), 'no_key');
    assert.ok((await mitm.locator('.moment-note').textContent()).length > 10, 'the failed check says why');
    assert.deepEqual(mitm.errors, []);
    await mitm.close();
  }],
  ['ECDHE: no pre-master trip, a key derivation', async () => {
    const page = await open('&preset=ecdhe');
    await gotoKey(page, 'client_key_exchange');
    assert.equal(await moment(page).count(), 0);
    await gotoKey(page, 'derive_keys_client');
    assert.equal(await moment(page).getAttribute('data-moment'), 'derive');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['the frames play by themselves at the speed control\'s pace', async () => {
    const page = await open();
    await page.selectOption('[data-testid="input-speed"]', '3');
    await gotoKey(page, 'client_key_exchange');
    assert.equal(await moment(page).getAttribute('class').then((c) => c.includes('speed-3')), true);
    assert.equal((await moment(page).evaluate((e) => getComputedStyle(e).getPropertyValue('--dur'))).trim(), '0.25s');
    const t0 = Date.now();
    await page.waitForFunction(() => document.querySelector('[data-testid="moment"]')?.getAttribute('data-frame') === '5', null, { timeout: 8000 });
    const fast = Date.now() - t0;
    assert.ok(fast < 4500, `6 frames at 4x in ${fast} ms`);
    assert.equal(await moment(page).getAttribute('class').then((c) => c.includes('playing')), false, 'stops on the last frame');
    // play again from the end starts over
    await page.click('[data-testid="moment-play"]');
    await waitFrame(page, 0);
    await page.selectOption('[data-testid="input-speed"]', '0');
    assert.equal((await moment(page).evaluate((e) => getComputedStyle(e).getPropertyValue('--dur'))).trim(), '1.6s');
    assert.equal(await moment(page).getAttribute('data-frame'), '0', 'at 0.5x, still on the first frame after a moment');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['reduced motion: the last frame, still', async () => {
    const page = await open('', { reduce: true });
    for (const [key, , frames] of MOMENTS) {
      await gotoKey(page, key);
      const m = moment(page);
      assert.equal(Number(await m.getAttribute('data-frame')), frames - 1, `${key}: the final frame`);
      assert.equal(await m.getAttribute('class').then((c) => c.includes('playing')), false);
      const anims = await page.$$eval('[data-testid="moment"] .mv-wrap, [data-testid="moment"] .seg, [data-testid="moment"] .cmp-row .b',
        (els) => els.map((e) => getComputedStyle(e).animationName));
      assert.ok(anims.length > 0 && anims.every((a) => a === 'none'), `${key}: no animation (${[...new Set(anims)]})`);
      await page.waitForTimeout(300);
      assert.equal(Number(await m.getAttribute('data-frame')), frames - 1, `${key}: stays`);
      // still steppable
      await page.click('[data-testid="moment-prev"]');
      await waitFrame(page, frames - 2);
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['an edit marks the values and the numbers of their math that it changed', async () => {
    const page = await open();
    // one letter changed, the length kept: the record's additional data (its length) stays
    await page.fill('[data-testid="input-app_message"]', 'hello, server');
    await page.waitForTimeout(800);
    await page.fill('[data-testid="input-app_message"]', 'jello, server');
    await page.waitForTimeout(800);
    await gotoKey(page, 'app_data_client');
    const changed = async (name) => page.locator(`[data-testid="detail"] [data-derived="${name}"]`).getAttribute('data-changed');
    await page.waitForFunction(() => document.querySelector('[data-testid="detail"] [data-derived="ciphertext"]')?.getAttribute('data-changed') === 'true', null, { timeout: 5000 });
    assert.equal(await changed('plaintext'), 'true');
    assert.equal(await changed('nonce'), 'false');
    assert.equal(await changed('additional_data'), 'false');
    const math = page.locator('[data-testid="detail"] [data-testid="math"][data-math-for="ciphertext"]');
    await math.locator(':scope > summary').click();
    assert.equal(await math.locator('[data-math="tag"]').getAttribute('data-changed'), 'true');
    assert.equal(await math.locator('[data-math="aad"]').getAttribute('data-changed'), null);
    await gotoKey(page, 'derive_keys_client');
    assert.equal(await page.locator('[data-testid="detail"] [data-changed="true"]').count(), 0, 'the keys did not change');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['screenshots: a frame of each moment, 1280 and 390 px, English and Korean', async () => {
    for (const lang of ['en', 'ko']) {
      for (const width of [1280, 390]) {
        const page = await open(`&lang=${lang}`, { width, height: width > 800 ? 900 : 844 });
        for (const [key, kind, frames] of MOMENTS) {
          await gotoKey(page, key);
          const m = moment(page);
          await m.focus();
          await page.keyboard.press('Home');
          for (let i = 0; i < Math.min(2, frames - 1); i++) await page.keyboard.press('ArrowRight');
          if (kind === 'verify' || kind === 'premaster') await page.keyboard.press('End');
          await m.scrollIntoViewIfNeeded();
          await page.waitForTimeout(2500);
          await m.screenshot({ path: `${OUT}issue11-moment-${kind}-${lang}-${width}.png` });
        }
        assert.deepEqual(page.errors, []);
        await page.close();
      }
    }
  }],
]);
await browser.close();
