// The learner's loop (issue 11): open the math of derived values and check its numbers against
// arithmetic done here (Node's BigInt and crypto, not the page's Rust), edit an input inside a
// step's detail panel, click a field to edit it, use it all by keyboard, in English and Korean;
// and take the screenshots of a math panel and an inline editor at 1280 and 390 px.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/learn.spec.mjs
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const SHOTS = process.env.SHOTS_DIR || OUT;
fs.mkdirSync(SHOTS, { recursive: true });
const NOW = 1795424400; // the core's DEFAULT_NOW
const browser = await launch();

async function open(query = '', width = 1280, height = 900) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(`${BASE_URL}?now=${NOW}${query}`);
  await page.waitForSelector('[data-testid="outcome"]', { timeout: 30000 });
  return page;
}

// Go to the first step with this key (click it in the step list) and wait for its panel.
async function gotoKey(page, key) {
  const item = page.locator(`[data-testid^="step-"][data-key="${key}"]`).first();
  const id = await item.getAttribute('data-testid');
  await item.locator('button').first().click();
  await page.waitForSelector(`[data-testid="detail"][data-step="${id.slice(5)}"]`, { timeout: 5000 });
}

// Open the math of a derived value; returns its locator.
async function openMath(page, name, nth = 0) {
  const m = page.locator(`[data-testid="detail"] [data-testid="math"][data-math-for="${name}"]`).nth(nth);
  await m.locator(':scope > summary').click();
  assert.equal(await m.evaluate((d) => d.open), true, `the math of ${name} opens`);
  return m;
}

const hexOf = async (m, id) => m.locator(`[data-math="${id}"]`).first().getAttribute('data-hex');
const big = (h) => BigInt(`0x${h || '0'}`);
const toHex = (n, bytes) => n.toString(16).padStart(bytes * 2, '0');
function modpow(b, e, m) {
  let r = 1n; b %= m;
  while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n; }
  return r;
}
// The step's wire bytes as the hex view shows them.
const hexView = (page) => page.$$eval('[data-testid="detail"] [data-testid="hex"] .b', (bs) => bs.map((b) => b.textContent).join(''));

// The Korean page's English check, the rule of i18n_ko.spec.mjs (a copy: that file runs its
// walk when imported): runs of 4+ plain Latin words in visible text outside code.
const PLAIN_WORD = /^[("'\[\u201c\u2018]*(?:[A-Za-z][a-z]+(?:-[a-z]+)*(?:['\u2019](?:s|t|re|ve|ll|d))?|a|A|I)[)\]"'\u201d\u2019,.;:!?]*$/;
const HEX = /^[("'\[]*[0-9a-fA-F]{8,}[)\]"',.;:!?]*$/;
function englishRuns(segments) {
  const found = [];
  for (const seg of segments) {
    for (const sentence of seg.split(/(?<=[.!?])\s+/)) {
      let cur = [];
      const end = () => { if (cur.length >= 4) found.push(cur.join(' ')); cur = []; };
      for (const tok of sentence.split(/\s+/).filter(Boolean)) { if (PLAIN_WORD.test(tok) && !HEX.test(tok)) cur.push(tok); else end(); }
      end();
    }
  }
  return found;
}
const visibleSegments = (page, sel) => page.evaluate((sel) => {
  const out = [];
  for (const root of document.querySelectorAll(sel)) {
    let buf = '';
    const flush = () => { const t = buf.replace(/\s+/g, ' ').trim(); if (t) out.push(t); buf = ''; };
    const walk = (n) => {
      if (n.nodeType === Node.TEXT_NODE) { buf += n.nodeValue; return; }
      if (n.nodeType !== Node.ELEMENT_NODE) return;
      if (n.matches('code, pre, kbd, samp, svg, [data-testid="hex"]')) { flush(); return; }
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden') return;
      const inline = cs.display === 'inline' || cs.display === 'contents';
      if (!inline) flush();
      for (const c of n.childNodes) walk(c);
      if (!inline) flush();
    };
    walk(root); flush();
  }
  return out;
}, sel);

await run('learn', [
  ['RSA encryption: EM^e mod n, computed here, is the ClientKeyExchange ciphertext on the wire', async () => {
    const page = await open();
    await gotoKey(page, 'client_key_exchange');
    const m = await openMath(page, 'encrypted_pre_master');
    const [em, e, n, c] = await Promise.all(['em', 'e', 'n', 'c'].map((id) => hexOf(m, id)));
    assert.equal(em.length, 512, 'a 2048-bit block');
    assert.ok(em.startsWith('0002'), 'EM = 00 02 ...');
    assert.equal(e, '010001');
    const k = n.length / 2;
    const cHere = toHex(modpow(big(em), big(e), big(n)), k);
    assert.equal(cHere, c, 'EM^e mod n (BigInt) = c shown');
    assert.ok((await hexView(page)).endsWith(c), 'c is the last 256 bytes of the record');
    // the pre-master is the last 48 bytes of EM, after a zero byte; PS has no zero
    const pre = await page.locator('[data-testid="detail"] [data-derived="pre_master_secret"] .value code').first().textContent();
    assert.ok(em.endsWith(`00${pre}`));
    const ps = em.slice(4, em.length - 2 - pre.length * 1);
    for (let i = 0; i < ps.length; i += 2) assert.notEqual(ps.slice(i, i + 2), '00', 'PS is nonzero');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['RSA decryption: c^d mod n, computed here, is the block the client built', async () => {
    const page = await open();
    await gotoKey(page, 'client_key_exchange');
    const sent = await hexOf(await openMath(page, 'encrypted_pre_master'), 'em');
    await gotoKey(page, 'decrypt_pre_master');
    const m = await openMath(page, 'pre_master_secret');
    const [c, d, n, em] = await Promise.all(['c', 'd', 'n', 'em'].map((id) => hexOf(m, id)));
    assert.equal(toHex(modpow(big(c), big(d), big(n)), n.length / 2), em, 'c^d mod n (BigInt) = EM shown');
    assert.equal(em, sent, 'the server recovers the client\'s block');
    await page.close();
  }],
  ['CA signature: s = EM^d mod n, H = SHA-256(tbsCertificate); the client\'s s^e mod n matches byte for byte', async () => {
    const page = await open();
    await gotoKey(page, 'issue_server_cert');
    const m = await openMath(page, 'signature');
    const [em, d, n, s, h] = await Promise.all(['em', 'd', 'n', 's', 'hash'].map((id) => hexOf(m, id)));
    assert.ok(em.startsWith('0001ffffffff'), 'EM = 00 01 FF ...');
    assert.ok(em.endsWith(`003031300d060960864801650304020105000420${h}`), '00 || DigestInfo(SHA-256) || H');
    assert.equal(toHex(modpow(big(em), big(d), big(n)), n.length / 2), s, 'EM^d mod n (BigInt) = s');
    // H is the SHA-256 of the tbsCertificate: the DER's second TLV, read from the certificate bytes
    const der = Buffer.from(await hexView(page), 'hex');
    const lenAt = (off) => { const b = der[off + 1]; if (b < 0x80) return [2, b]; const nb = b & 0x7f; let l = 0; for (let i = 0; i < nb; i++) l = l * 256 + der[off + 2 + i]; return [2 + nb, l]; };
    const [h0] = lenAt(0); const [h1, l1] = lenAt(h0);
    const tbs = der.subarray(h0, h0 + h1 + l1);
    assert.equal(crypto.createHash('sha256').update(tbs).digest('hex'), h, 'SHA-256(tbsCertificate) computed here');
    // the client's check
    await gotoKey(page, 'verify_server_cert');
    const v = await openMath(page, 'encoded_message');
    const [vs, e, vn, rec, exp] = await Promise.all(['s', 'e', 'n', 'recovered', 'expected'].map((id) => hexOf(v, id)));
    assert.equal(vs, s); assert.equal(vn, n);
    assert.equal(toHex(modpow(big(vs), big(e), big(vn)), vn.length / 2), rec, 's^e mod n (BigInt) = recovered');
    assert.equal(rec, exp); assert.equal(exp, em);
    assert.equal(await v.locator('[data-testid="math-compare"]').getAttribute('data-differ'), '0');
    await page.close();
  }],
  ['a forged signature opens to a block that differs, marked byte by byte', async () => {
    const page = await open('&preset=forged_signature');
    await gotoKey(page, 'issue_server_cert');
    const m = await openMath(page, 'signature');
    assert.ok(await m.locator('[data-testid="math-forged"]').isVisible(), 'says the attached signature differs');
    await gotoKey(page, 'verify_server_cert');
    const v = await openMath(page, 'encoded_message');
    const differ = Number(await v.locator('[data-testid="math-compare"]').getAttribute('data-differ'));
    assert.ok(differ > 200, `almost every byte differs (${differ})`);
    assert.ok(await v.locator('.cmp-row .b.diff').count() > 0, 'the differing bytes are marked');
    await page.close();
  }],
  ['mutual TLS: the client signs the handshake (s = EM^d mod n), the server recovers the block with the client\'s key', async () => {
    const page = await open('&preset=mutual_tls');
    await gotoKey(page, 'certificate_verify');
    const m = await openMath(page, 'certificate_verify_signature');
    const [em, d, n, s, h] = await Promise.all(['em', 'd', 'n', 's', 'hash'].map((id) => hexOf(m, id)));
    assert.ok(em.startsWith('0001ffffffff'), 'EM = 00 01 FF ...');
    assert.ok(em.endsWith(`003031300d060960864801650304020105000420${h}`), '00 || DigestInfo(SHA-256) || H');
    assert.equal(toHex(modpow(big(em), big(d), big(n)), n.length / 2), s, 'EM^d mod n (BigInt) = s');
    assert.ok((await hexView(page)).endsWith(s), 's is the signature on the wire');
    const hh = await openMath(page, 'handshake_hash');
    assert.equal(await hh.getAttribute('data-kind'), 'transcript_hash');
    assert.equal(await hh.locator('.hash-messages li').count(), 7, 'ClientHello .. ClientKeyExchange');
    await gotoKey(page, 'verify_certificate_verify');
    const v = await openMath(page, 'encoded_message');
    const [vs, e, vn, rec, exp] = await Promise.all(['s', 'e', 'n', 'recovered', 'expected'].map((id) => hexOf(v, id)));
    assert.equal(vs, s); assert.equal(vn, n, 'the client certificate\'s key');
    assert.equal(toHex(modpow(big(vs), big(e), big(vn)), vn.length / 2), rec, 's^e mod n (BigInt) = recovered');
    assert.equal(rec, exp); assert.equal(exp, em);
    assert.equal(await v.locator('[data-testid="math-compare"]').getAttribute('data-differ'), '0');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['the CA at work: the CSR\'s and the CRL\'s signatures open to their blocks; the CSR step edits the names', async () => {
    const page = await open('&preset=chain');
    for (const key of ['server_csr', 'issue_intermediate_cert', 'publish_crl']) {
      await gotoKey(page, key);
      const m = await openMath(page, 'signature');
      const [em, d, n, s] = await Promise.all(['em', 'd', 'n', 's'].map((id) => hexOf(m, id)));
      assert.ok(em.startsWith('0001ffff'), `${key}: EM = 00 01 FF ...`);
      assert.equal(toHex(modpow(big(em), big(d), big(n)), n.length / 2), s, `${key}: EM^d mod n (BigInt) = s`);
    }
    await gotoKey(page, 'server_csr');
    assert.ok(await page.locator('[data-testid="inline-server_sans"]').isVisible(), 'the CSR offers the names it asks for');
    await page.locator('[data-testid="detail"] [data-testid="fields"] li[data-input="server_name"]').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'i-server_name');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
  ['PRF: the HMAC chain, recomputed here, gives the master secret and the key block split', async () => {
    const page = await open();
    await gotoKey(page, 'derive_keys_client');
    for (const [name, len] of [['master_secret', 48], ['key_block', 40]]) {
      const m = await openMath(page, name);
      const [secret, seed, a1, b1] = await Promise.all(['secret', 'seed', 'a1', 'block1'].map((id) => hexOf(m, id)));
      const label = (await m.locator('[data-math="label"]').textContent()).match(/^"([^"]+)"/)[1];
      const a0 = Buffer.concat([Buffer.from(label), Buffer.from(seed, 'hex')]);
      const hmac = (k, ...parts) => { const h = crypto.createHmac('sha256', Buffer.from(k, 'hex')); for (const p of parts) h.update(p); return h.digest(); };
      const A1 = hmac(secret, a0);
      assert.equal(A1.toString('hex'), a1, `${name}: A(1) = HMAC(secret, A(0))`);
      const B1 = hmac(secret, A1, a0);
      assert.equal(B1.toString('hex'), b1, `${name}: block 1`);
      const A2 = hmac(secret, A1); const B2 = hmac(secret, A2, a0);
      const value = await page.locator(`[data-testid="detail"] [data-derived="${name}"] .value code`).first().textContent();
      assert.equal(Buffer.concat([B1, B2]).subarray(0, len).toString('hex'), value, `${name}: the blocks give the value`);
    }
    const key = await page.locator('[data-testid="detail"] [data-derived="key_block"] [data-part="client_write_key"] [data-math]').getAttribute('data-hex');
    const cwk = await page.locator('[data-testid="detail"] [data-derived="client_write_key"] .value code').textContent();
    assert.equal(key, cwk, 'key_block[0..16] is client_write_key');
    await page.close();
  }],
  ['AES-GCM: the record opens with the key, nonce and additional data the math shows', async () => {
    const page = await open();
    await gotoKey(page, 'derive_keys_client');
    const key = await page.locator('[data-testid="detail"] [data-derived="client_write_key"] .value code').textContent();
    await gotoKey(page, 'finished_client');
    const m = await openMath(page, 'ciphertext');
    const [aad, ct, tag] = await Promise.all(['aad', 'ciphertext', 'tag'].map((id) => hexOf(m, id)));
    const nonce = (await m.locator('.eq code.seg').allTextContents()).join('').replace(/\s+/g, '');
    const dec = crypto.createDecipheriv('aes-128-gcm', Buffer.from(key, 'hex'), Buffer.from(nonce, 'hex'));
    dec.setAAD(Buffer.from(aad, 'hex')); dec.setAuthTag(Buffer.from(tag, 'hex'));
    const plain = Buffer.concat([dec.update(Buffer.from(ct, 'hex')), dec.final()]);
    assert.equal(plain[0], 20, 'a Finished message (type 20)');
    assert.ok((await hexView(page)).endsWith(ct + tag));
    await page.close();
  }],
  ['edit where you look: the ClientHello\'s own editor changes its random, with the form\'s messages', async () => {
    const page = await open();
    await gotoKey(page, 'client_hello');
    const inline = page.locator('[data-testid="inline-client_random"]');
    assert.ok(await inline.isVisible(), 'the ClientHello offers the client random');
    // a click on the random field (in the field list) puts the caret in that editor
    await page.locator('[data-testid="detail"] [data-testid="fields"] li[data-input="client_random"]').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'i-client_random');
    // bad input: the same message in both places, nothing run
    await inline.fill('not hex');
    await page.waitForSelector('[data-testid="inline-error-client_random"]');
    assert.equal(await page.textContent('[data-testid="inline-error-client_random"]'), await page.textContent('[data-testid="error-client_random"]'));
    // a good value: the random on the wire is it, the changed bytes are marked
    const r = 'ab'.repeat(32);
    await inline.fill(r);
    await page.waitForFunction((r) => [...document.querySelectorAll('[data-testid="detail"] [data-testid="hex"] .b')].map((b) => b.textContent).join('').includes(r), r, { timeout: 5000 });
    assert.equal(await page.inputValue('[data-testid="input-client_random"]'), r, 'the full form shows the same value');
    assert.ok(await page.locator('[data-testid="detail"] [data-testid="hex"] .b.delta').count() >= 30, 'the bytes that changed are marked');
    await page.close();
  }],
  ['edit where you look: untrusting the CA at the check fails it there; a click on a byte opens its input', async () => {
    const page = await open();
    await gotoKey(page, 'verify_server_cert');
    await page.locator('[data-testid="inline-trust_issuing_ca"]').uncheck();
    await page.waitForFunction(() => document.querySelector('[data-testid="outcome"]')?.dataset.alert === 'unknown_ca', null, { timeout: 5000 });
    assert.equal(await page.isChecked('[data-testid="input-trust_issuing_ca"]'), false, 'the form follows');
    // a byte of the server certificate's subject, clicked in the hex view, opens the server name
    await page.locator('[data-testid="inline-trust_issuing_ca"]').check();
    await page.waitForFunction(() => !document.querySelector('[data-testid="outcome"]')?.dataset.alert, null, { timeout: 5000 });
    await gotoKey(page, 'issue_server_cert');
    const subject = page.locator('[data-testid="detail"] [data-testid="fields"] li[data-name="subject"]').first();
    const off = Number((await subject.locator('.fpos').textContent()).match(/@(\d+)/)[1]);
    await page.locator(`[data-testid="detail"] [data-testid="hex"] .b[data-i="${off + 4}"]`).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'i-server_name');
    await page.close();
  }],
  ['keyboard: a field opens its editor with Enter, a math panel opens with Enter, arrows still step', async () => {
    const page = await open();
    await gotoKey(page, 'server_hello');
    const li = page.locator('[data-testid="detail"] [data-testid="fields"] li[data-input="server_random"]').first();
    await li.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'i-server_random');
    await gotoKey(page, 'derive_keys_client');
    const summary = page.locator('[data-testid="detail"] [data-testid="math"][data-math-for="master_secret"] > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[data-testid="detail"] [data-testid="math"][data-math-for="master_secret"]').evaluate((d) => d.open), true);
    const before = await page.getAttribute('[data-testid="detail"]', 'data-step');
    await page.locator('h1').click();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((b) => document.querySelector('[data-testid="detail"]').dataset.step !== b, before, { timeout: 5000 });
    await page.close();
  }],
  ['Korean: the math panels and the step editors speak Korean', async () => {
    const page = await open('&lang=ko');
    const found = [];
    for (const [key, names] of [['issue_server_cert', ['signature']], ['verify_server_cert', ['encoded_message']],
      ['client_key_exchange', ['encrypted_pre_master']], ['decrypt_pre_master', ['pre_master_secret']],
      ['derive_keys_client', ['session_hash', 'master_secret', 'key_block']], ['finished_client', ['ciphertext', 'client_verify_data']],
      ['server_csr', ['signature']]]) {
      await gotoKey(page, key);
      for (const n of names) await openMath(page, n);
      found.push(...englishRuns(await visibleSegments(page, '[data-testid="detail"]')).map((r) => `${key}: ${r}`));
    }
    // the client's signature and the server's check of it (mutual TLS), the CRL (chain preset)
    for (const [preset, key, names] of [['mutual_tls', 'certificate_verify', ['handshake_hash', 'certificate_verify_signature']],
      ['mutual_tls', 'verify_certificate_verify', ['handshake_hash', 'encoded_message']], ['chain', 'publish_crl', ['signature']]]) {
      const p2 = await open(`&lang=ko&preset=${preset}`);
      await gotoKey(p2, key);
      for (const n of names) await openMath(p2, n);
      found.push(...englishRuns(await visibleSegments(p2, '[data-testid="detail"]')).map((r) => `${key}: ${r}`));
      await p2.close();
    }
    assert.deepEqual(found, [], 'no English prose');
    await page.close();
  }],
  ['screenshots: a math panel and an inline editor, 1280 and 390 px, English and Korean', async () => {
    for (const lang of ['en', 'ko']) {
      for (const width of [1280, 390]) {
        const page = await open(`&lang=${lang}`, width, width > 800 ? 900 : 844);
        await gotoKey(page, 'client_key_exchange');
        const m = await openMath(page, 'encrypted_pre_master');
        await m.scrollIntoViewIfNeeded();
        await m.screenshot({ path: `${SHOTS}/issue11-math-encrypt-${lang}-${width}.png` });
        await gotoKey(page, 'verify_server_cert');
        const v = await openMath(page, 'encoded_message');
        await v.screenshot({ path: `${SHOTS}/issue11-math-verify-${lang}-${width}.png` });
        await gotoKey(page, 'client_hello');
        await page.locator('[data-testid="inline-client_random"]').fill('zz');
        await page.waitForSelector('[data-testid="inline-error-client_random"]');
        const ed = page.locator('[data-testid="step-inputs"]');
        await ed.scrollIntoViewIfNeeded();
        await ed.screenshot({ path: `${SHOTS}/issue11-inline-${lang}-${width}.png` });
        await page.screenshot({ path: `${SHOTS}/issue11-page-${lang}-${width}.png` });
        await page.close();
      }
    }
  }],
]);
await browser.close();
