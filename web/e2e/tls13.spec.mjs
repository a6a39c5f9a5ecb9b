// Issue 15, TLS 1.3 on the page: the version switch (the form's first field; the link gets v=1.3,
// the inputs TLS 1.3 ignores are disabled with their reason, the encrypted records are marked, the
// key schedule shows its labels), each TLS 1.3 preset's outcome by click and by link, the 1.3
// downloads (tshark decrypts the handshake with the key log), and the TLS 1.2-beside-1.3
// comparison in English and Korean (2 round trips vs 1, encrypted from EncryptedExtensions on),
// stacked into one column at 390 px; screenshots of it at 1280 and 390 px in both languages.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/tls13.spec.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const browser = await launch();
const NOW = 1795424400;
const tid = (id) => `[data-testid="${id}"]`;

// preset -> [data-result, data-alert]
const CASES = {
  tls13: ['success', ''],
  tls13_hrr: ['success', ''],
  tls13_untrusted_ca: ['failed', 'unknown_ca'],
  tls13_wrong_host: ['failed', 'certificate_unknown'],
  tls13_expired: ['failed', 'certificate_expired'],
  tls13_forged_certificate_verify: ['failed', 'decrypt_error'],
  tls13_flipped_record: ['failed', 'bad_record_mac'],
  tls13_downgrade: ['failed', 'illegal_parameter'],
};

async function open(width, query, ctx) {
  const page = ctx ? await ctx.newPage() : await browser.newPage({ viewport: { width, height: 900 } });
  if (ctx) await page.setViewportSize({ width, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(BASE_URL + query);
  await page.waitForSelector(tid('outcome'), { timeout: 30000 });
  return page;
}

async function pause(page) {
  if (await page.isVisible(`${tid('play')}[aria-pressed="true"]`)) await page.click(tid('play'));
}

async function attrsAre(page, sel, want, msg) {
  await page.waitForFunction(([s, w]) => {
    const el = document.querySelector(s);
    return el && Object.entries(w).every(([k, v]) => (el.getAttribute(k) || '') === v);
  }, [sel, want], { timeout: 10000 }).catch(() => {});
  const got = await page.$eval(sel, (el, keys) => Object.fromEntries(keys.map((k) => [k, el.getAttribute(k) || ''])),
    Object.keys(want)).catch(() => 'missing');
  assert.deepEqual(got, want, msg);
}

const keys = (page) => page.locator('[data-testid^="step-"][data-key]').evaluateAll((els) => els.map((e) => e.dataset.key));

async function gotoKey(page, key) {
  await page.locator(`[data-testid^="step-"][data-key="${key}"]`).first().click();
  await page.waitForSelector(`li.is-current[data-key="${key}"]`, { timeout: 5000 });
  await page.waitForSelector(`${tid('detail')}[data-key="${key}"]`, { timeout: 5000 });
}

// Korean pages speak Korean: no run of 4 plain English words (as in i18n_ko.spec.mjs; code left out).
const PLAIN_WORD = /^[("'\[]*(?:[A-Za-z][a-z]+(?:-[a-z]+)*(?:'(?:s|t))?|a|A|I)[)\]"',.;:!?]*$/;
async function englishRuns(page, sel) {
  const text = await page.$$eval(sel, (els) => els.map((el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll('code, pre').forEach((x) => x.replaceWith(' | '));
    return c.textContent;
  }).join(' | '));
  const runs = [];
  let cur = [];
  for (const tok of [...text.split(/\s+/).filter(Boolean), '|']) {
    if (PLAIN_WORD.test(tok)) cur.push(tok);
    else { if (cur.length >= 4) runs.push(cur.join(' ')); cur = []; }
  }
  return runs;
}

await run('tls13', [
  ['the version switch: 1.3 steps, v=1.3 in the link, unused inputs disabled with a reason, encrypted records marked', async () => {
    const page = await open(1280, `?now=${NOW}`);
    await pause(page);
    assert.equal(await page.getAttribute(`${tid('inputs')} select, ${tid('inputs')} input`, 'data-testid'), 'input-version',
      'the version is the form\'s first field');
    assert.equal(await page.inputValue(tid('input-version')), '1.2');
    assert.ok((await keys(page)).includes('client_hello'));
    await page.selectOption(tid('input-version'), '1.3');
    await page.waitForSelector('[data-testid^="step-"][data-key="client_hello_13"]', { timeout: 10000 });
    await attrsAre(page, tid('outcome'), { 'data-result': 'success', 'data-alert': '' }, '1.3 completes');
    await page.waitForFunction(() => /[?&]v=1\.3(&|$)/.test(location.search), null, { timeout: 5000 });
    const k = await keys(page);
    for (const want of ['server_hello_13', 'encrypted_extensions', 'certificate_13', 'certificate_verify_13', 'finished_13_server', 'finished_13_client']) {
      assert.ok(k.includes(want), `${want} in ${k}`);
    }
    assert.ok(!k.includes('client_key_exchange'));
    // unused inputs: disabled, each with its reason
    for (const name of ['pre_master', 'session_id']) {
      assert.ok(await page.isDisabled(tid(`input-${name}`)), `${name} disabled`);
      assert.ok((await page.textContent(tid(`unused-${name}`))).length > 20, `${name}: why`);
    }
    assert.ok(await page.isDisabled(tid('input-kx')), 'the key exchange select is disabled');
    assert.ok(await page.isDisabled(tid('input-suite-009c')), 'the TLS 1.2 suites are disabled');
    assert.ok(await page.isDisabled(tid('input-client_ems')));
    assert.ok(!(await page.isDisabled(tid('input-client_host'))), 'the host is used by 1.3');
    // encrypted from EncryptedExtensions on, in the list, the diagram and the detail
    const enc = await page.locator('[data-testid^="step-"][data-encrypted="true"]').evaluateAll((els) => els.map((e) => e.dataset.key));
    assert.equal(enc[0], 'encrypted_extensions', `first encrypted: ${enc}`);
    for (const m of ['certificate_13', 'certificate_verify_13', 'finished_13_server', 'finished_13_client']) assert.ok(enc.includes(m), m);
    assert.ok(await page.locator('.diagram g.encrypted g.lock').count() >= 5, 'locks in the diagram');
    await gotoKey(page, 'encrypted_extensions');
    assert.ok(await page.isVisible(tid('detail-encrypted')));
    // the key schedule: labels and transcript hashes
    await gotoKey(page, 'derive_handshake_keys_13_client');
    const ks = await page.locator(`${tid('key-schedule')} li`).evaluateAll((els) => els.map((e) => [e.dataset.value, e.dataset.op, e.dataset.label || '', e.dataset.context || '']));
    const hs = ks.find((r) => r[2] === 'tls13 c hs traffic');
    assert.ok(hs, `c hs traffic in ${JSON.stringify(ks)}`);
    assert.equal(hs[1], 'HKDF-Expand-Label');
    assert.match(hs[3], /^[0-9a-f]{64}$/, 'bound to a transcript hash');
    assert.ok(ks.some((r) => r[1] === 'HKDF-Extract' && r[0] === 'handshake_secret'), 'the handshake secret is extracted');
    // back to 1.2
    await page.selectOption(tid('input-version'), '1.2');
    await page.waitForSelector('[data-testid^="step-"][data-key="client_hello"]', { timeout: 10000 });
    await page.waitForFunction(() => !/[?&]v=/.test(location.search), null, { timeout: 5000 });
    assert.ok(!(await page.isDisabled(tid('input-pre_master'))));
    assert.equal(await page.locator(tid('unused-pre_master')).count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  }],

  ['each TLS 1.3 preset ends as RFC 8446 says, by click and by link at a step', async () => {
    const page = await open(1280, `?now=${NOW}`);
    assert.equal(await page.locator(`${tid('tls13-failures')} button`).count(), 6, '6 failure buttons');
    assert.equal(await page.locator(`${tid('tls13-scenarios')} button`).count(), 2);
    for (const [name, [result, alert]] of Object.entries(CASES)) {
      await page.click(tid(`scenario-${name}`));
      await pause(page);
      await attrsAre(page, tid('outcome'), { 'data-result': result, 'data-alert': alert }, name);
      assert.equal(await page.inputValue(tid('input-version')), '1.3', `${name} is TLS 1.3`);
      assert.ok((await page.textContent(tid('preset-help'))).length > 40, `${name}: help shown`);
      if (name === 'tls13_hrr') assert.ok((await keys(page)).includes('hello_retry_request'));
      if (result === 'failed') assert.ok(await page.locator('[data-testid^="step-"][data-status="failed"]').count() >= 1, `${name}: the failed step is marked`);
    }
    assert.deepEqual(page.errors, []);
    await page.close();
    for (const [name, [result, alert]] of Object.entries(CASES)) {
      const p = await open(390, `?preset=${name}&step=3&now=${NOW}`);
      await attrsAre(p, tid('outcome'), { 'data-result': result, 'data-alert': alert }, `link ${name}`);
      await p.waitForSelector(`li.is-current${tid('step-3')}`, { timeout: 5000 });
      assert.equal(await p.getAttribute(`${tid(`scenario-${name}`)}`, 'aria-pressed'), 'true');
      assert.deepEqual(p.errors, [], name);
      await p.close();
    }
  }],

  ['the TLS 1.3 key log and pcap download; tshark decrypts the handshake', async () => {
    const dl = path.join(OUT, 'tls13-downloads');
    fs.rmSync(dl, { recursive: true, force: true });
    fs.mkdirSync(dl, { recursive: true });
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await open(1280, `?preset=tls13&now=${NOW}`, ctx);
    await pause(page);
    for (const name of ['keylog.txt', 'handshake.pcap']) {
      const [d] = await Promise.all([
        page.waitForEvent('download', { timeout: 10000 }),
        page.click(tid(`download-${name}`)),
      ]);
      await d.saveAs(path.join(dl, name));
    }
    const keylog = fs.readFileSync(path.join(dl, 'keylog.txt'), 'utf8');
    for (const l of ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0']) {
      assert.match(keylog, new RegExp(`^${l} [0-9a-f]{64} [0-9a-f]{64}$`, 'm'), l);
    }
    const types = execFileSync('tshark', ['-r', path.join(dl, 'handshake.pcap'), '-o', `tls.keylog_file:${path.join(dl, 'keylog.txt')}`,
      '-T', 'fields', '-e', 'tls.handshake.type'], { encoding: 'utf8' });
    for (const ty of ['1', '2', '8', '11', '15', '20']) assert.ok(types.split(/[^0-9]+/).includes(ty), `handshake type ${ty} in ${types}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }],

  ['the comparison: 2 round trips vs 1, encrypted from EncryptedExtensions on, in English and Korean; screenshots', async () => {
    for (const lang of ['en', 'ko']) {
      for (const width of [1280, 390]) {
        const page = await open(width, `?now=${NOW}&lang=${lang}`);
        await pause(page);
        await page.click(tid('vc-open'));
        await page.waitForSelector(tid('vc-col-13'), { timeout: 15000 });
        await attrsAre(page, tid('vc-rtt-12'), { 'data-rtt': '2' }, `${lang}: TLS 1.2`);
        await attrsAre(page, tid('vc-rtt-13'), { 'data-rtt': '1' }, `${lang}: TLS 1.3`);
        await attrsAre(page, tid('vc-saved'), { 'data-saved': '1' }, lang);
        await attrsAre(page, tid('vc-encrypted-13'), { 'data-first': 'encrypted_extensions' }, lang);
        await attrsAre(page, tid('vc-encrypted-12'), { 'data-first': 'finished_client', 'data-count': '2' }, lang);
        await attrsAre(page, tid('vc-cert-13'), { 'data-encrypted': 'true' }, lang);
        await attrsAre(page, tid('vc-cert-12'), { 'data-encrypted': 'false' }, lang);
        await attrsAre(page, tid('vc-fs-13'), { 'data-secrecy': 'vc.fs.tls13' }, lang);
        await attrsAre(page, tid('vc-fs-12'), { 'data-secrecy': 'vc.fs.ephemeral12' }, lang);
        assert.equal(await page.locator(`${tid('vc-removed')} li`).count(), 4);
        const enc13 = await page.locator(`${tid('vc-messages-13')} li`).evaluateAll((els) => els.map((e) => [e.dataset.key, e.dataset.encrypted]));
        const ee = enc13.findIndex(([k]) => k === 'encrypted_extensions');
        assert.ok(ee > 0, JSON.stringify(enc13));
        for (const [k, e] of enc13.slice(ee)) assert.equal(e, String(!k.startsWith('compat_ccs')), `${k}: ${JSON.stringify(enc13)}`);
        const [a, b] = [await page.locator(tid('vc-col-12')).boundingBox(), await page.locator(tid('vc-col-13')).boundingBox()];
        if (width === 390) {
          assert.ok(b.y >= a.y + a.height - 1, `stacked at 390 px: ${JSON.stringify([a, b])}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no sideways scroll at 390 px (${overflow})`);
        } else {
          assert.ok(Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1, 'side by side at 1280 px');
        }
        if (lang === 'ko') {
          assert.deepEqual(await englishRuns(page, tid('version-compare')), [], 'the comparison speaks Korean');
        }
        await page.locator(tid('version-compare')).screenshot({ path: path.join(OUT, `issue15-compare-${lang}-${width}.png`) });
        if (width === 1280) {
          // RSA in TLS 1.2: no forward secrecy
          await page.selectOption(tid('vc-kx'), 'rsa');
          await attrsAre(page, tid('vc-fs-12'), { 'data-secrecy': 'vc.fs.rsa' }, `${lang}: RSA`);
          await attrsAre(page, tid('vc-rtt-12'), { 'data-rtt': '2' }, `${lang}: RSA, 2 round trips`);
        }
        assert.deepEqual(page.errors, []);
        await page.close();
      }
    }
    // With a HelloRetryRequest, TLS 1.3 needs two round trips too.
    const page = await open(1280, `?preset=tls13_hrr&now=${NOW}`);
    await pause(page);
    await page.click(tid('vc-open'));
    await attrsAre(page, tid('vc-rtt-13'), { 'data-rtt': '2' }, 'HRR');
    await attrsAre(page, tid('vc-saved'), { 'data-saved': '0' }, 'HRR');
    assert.deepEqual(page.errors, []);
    await page.close();
  }],
]);
await browser.close();
