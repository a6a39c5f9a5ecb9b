// The simulator page (issue 4): play the whole handshake, step through (buttons and keyboard),
// hover fields and bytes, edit inputs and see the failure, run every scenario, type garbage into
// the hex inputs, generate small keys in the worker, and take screenshots at 360 and 1280 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const browser = await launch();

// A fresh page at a given width; fails the test on any page error or panic banner.
async function open(width = 1280, query = '') {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(BASE_URL + query);
  await page.waitForSelector('[data-testid="outcome"]', { timeout: 30000 });
  return page;
}

async function healthy(page) {
  assert.deepEqual(page.errors, [], 'no page error, no console error');
  assert.equal(await page.isVisible('#panic'), false, 'no panic banner');
}

const tid = (id) => `[data-testid="${id}"]`;
const attr = (page, id, name) => page.getAttribute(tid(id), name);
const stepCount = (page) => page.locator('[data-testid^="step-"][data-key]').count();
const current = (page) => page.getAttribute('[data-testid^="step-"][aria-current], [data-testid^="step-"].is-current', 'data-testid');

// Yew renders after the event: wait for the DOM to show a state before reading it.
async function waitText(page, id, re) {
  await page.waitForFunction(([sel, src]) => new RegExp(src).test(document.querySelector(sel)?.textContent || ''),
    [tid(id), re.source], { timeout: 5000 });
}
async function atStep(page, i) {
  await page.waitForSelector(`li.is-current${tid(`step-${i}`)}`, { timeout: 5000 });
  return currentIndex(page);
}

async function currentIndex(page) {
  const id = await page.getAttribute('li.is-current[data-testid^="step-"]', 'data-testid');
  return Number(id.slice('step-'.length));
}

async function outcome(page) {
  return { result: await attr(page, 'outcome', 'data-result'), alert: await attr(page, 'outcome', 'data-alert') };
}

async function expectOutcome(page, want, msg = '') {
  try {
    await page.waitForFunction(([sel, r, a]) => {
      const el = document.querySelector(sel);
      // data-pending: a run for the current inputs is still with the engine worker.
      return el && el.dataset.pending !== 'true' && el.dataset.result === r && (el.dataset.alert || '') === a;
    }, [tid('outcome'), want.result, want.alert], { timeout: 8000 });
  } catch { /* fall through to the assertion, which says what was there */ }
  assert.deepEqual(await outcome(page), want, msg);
}

// Expected outcome per scenario button: [result, alert a real peer sends, a step key that must appear].
const SCENARIOS = {
  normal: ['success', '', 'close_notify_server'],
  untrusted_ca: ['failed', 'unknown_ca', 'verify_server_cert'],
  expired: ['failed', 'certificate_expired', 'verify_server_cert'],
  wrong_host: ['failed', 'certificate_unknown', 'verify_server_cert'],
  forged_signature: ['failed', 'bad_certificate', 'verify_server_cert'],
  mitm: ['failed', 'unknown_ca', 'mitm'],
  byte_flipped: ['failed', 'bad_record_mac', 'finished_client'],
  mutual_tls: ['success', '', 'certificate_request'],
};

try {
  await run('sim', [
    ['made after the first paint (issue 11): the inputs, the downloads and the hex view appear; hovering keeps the byte spans', async () => {
      const page = await open();
      await page.waitForSelector(`${tid('inputs')} input`, { timeout: 5000 });
      await page.waitForSelector(`${tid('downloads')} button`, { timeout: 5000 });
      const hex = `${tid('detail')} ${tid('hex')}`;
      await page.waitForSelector(`${hex} .b[data-i="0"]`, { timeout: 5000 });
      assert.equal(await page.locator(`${hex} .b`).count(), Number(await page.getAttribute(hex, 'data-bytes')), 'one span a byte');
      assert.equal(await page.locator('.deferred[data-ready="false"]').count(), 0, 'every deferred part shown');
      // a hover marks the field's bytes on the same spans (a span kept across the hover is still in the page)
      await page.evaluate((sel) => { window.__span = document.querySelector(`${sel} .b[data-i="5"]`); }, hex);
      await page.hover(`${hex} .b[data-i="5"]`);
      await page.waitForSelector(`${hex} .b.lit`, { timeout: 5000 });
      assert.equal(await page.evaluate(() => window.__span.isConnected && window.__span.classList.contains('lit')), true);
      await healthy(page);
      await page.close();
    }],
    ['default page: reproducible normal handshake, detail, hex view and warning', async () => {
      const page = await open();
      await expectOutcome(page, { result: 'success', alert: '' });
      const n = await stepCount(page);
      assert.ok(n >= 15, `a whole handshake has many steps, got ${n}`);
      assert.equal(await attr(page, 'step-0', 'data-status'), 'current');
      for (const k of ['client_hello', 'server_hello', 'certificate', 'client_key_exchange', 'finished_client', 'finished_server', 'app_data_client']) {
        assert.equal(await page.locator(`[data-testid^="step-"][data-key="${k}"]`).count(), 1, `step ${k} listed`);
      }
      assert.match(await page.textContent(tid('rsa-warning')), /forward secrecy/);
      assert.ok(await page.isVisible(tid('detail')));
      // the same seed gives the same bytes: the ClientHello is identical in a second page
      // (the detail follows the click on the next render: wait for it, then read)
      const helloHex = async (p) => {
        await p.click('[data-testid^="step-"][data-key="client_hello"] button');
        await p.waitForSelector('li.is-current[data-key="client_hello"]', { timeout: 5000 });
        await p.waitForFunction((sel) => (document.querySelector(sel)?.textContent || '').startsWith('0000160303'),
          tid('hex'), { timeout: 5000 }).catch(() => {});
        return p.textContent(tid('hex'));
      };
      const hex1 = await helloHex(page);
      const page2 = await open();
      assert.equal(await helloHex(page2), hex1, 'default page is reproducible');
      await healthy(page); await healthy(page2);
      await page.close(); await page2.close();
    }],

    ['play the whole handshake to the end at 4x', async () => {
      const page = await open();
      const n = await stepCount(page);
      await page.selectOption(tid('input-speed'), '3');
      await page.click(tid('play'));
      await waitText(page, 'play', /Pause/);
      await page.waitForSelector(`${tid(`step-${n - 1}`)}[data-status="current"]`, { timeout: 30000 });
      await page.waitForFunction((sel) => /Play/.test(document.querySelector(sel).textContent), tid('play'));
      // every step was visited: the diagram shows no future row
      assert.equal(await page.locator('.diagram .row.future').count(), 0);
      assert.equal(await page.locator('.diagram .row.current').count(), 1);
      await healthy(page);
      await page.close();
    }],

    ['step through with buttons and keyboard (arrows, Home, End, space)', async () => {
      const page = await open();
      const n = await stepCount(page);
      await page.click(tid('next')); await page.click(tid('next'));
      assert.equal(await atStep(page, 2), 2);
      assert.equal(await attr(page, 'detail', 'data-step'), '2');
      await page.click(tid('prev'));
      assert.equal(await atStep(page, 1), 1);
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await atStep(page, 3), 3);
      await page.keyboard.press('End');
      assert.equal(await atStep(page, n - 1), n - 1);
      assert.equal(await page.isDisabled(tid('next')), true);
      await page.keyboard.press('Home');
      assert.equal(await atStep(page, 0), 0);
      await page.keyboard.press('ArrowLeft');
      assert.equal(await atStep(page, 0), 0, 'no step before the first');
      await page.keyboard.press(' ');
      await waitText(page, 'play', /Pause/); // space plays
      await page.keyboard.press(' ');
      await waitText(page, 'play', /Play/); // space pauses
      // jump from the step list, and from the diagram
      await page.click(`${tid('step-5')} button`);
      assert.equal(await atStep(page, 5), 5);
      await page.click('.diagram .row[data-step="7"] .hit', { force: true });
      assert.equal(await atStep(page, 7), 7);
      // the optional TCP rows: drawn before the ClientHello, not steps of the session
      await page.check(tid('input-show_tcp'));
      assert.equal(await page.locator('.diagram .row.tcp').count(), 3);
      assert.equal(await stepCount(page), n, 'the step list is unchanged');
      await page.uncheck(tid('input-show_tcp'));
      assert.equal(await page.locator('.diagram .row.tcp').count(), 0);
      await healthy(page);
      await page.close();
    }],

    ['hover a field: its bytes light up; hover a byte: its field lights up', async () => {
      const page = await open();
      await page.click('[data-testid^="step-"][data-key="client_hello"] button');
      await page.waitForSelector('li.is-current[data-key="client_hello"]', { timeout: 5000 });
      const field = page.locator('[data-testid="fields"] li[data-name="random"]').first();
      await field.hover();
      const lit = await page.locator(`${tid('hex')} .b.lit`).count();
      assert.equal(lit, 32, 'the 32 bytes of the client random light up');
      // hover the first byte (record header content type): its field lights up
      await page.locator(`${tid('hex')} .b[data-i="0"]`).hover();
      const litField = page.locator('[data-testid="fields"] li.lit');
      assert.equal(await litField.count(), 1);
      assert.equal(await litField.getAttribute('data-field'), '0');
      // keyboard: focusing a field lights its bytes too
      await page.locator('[data-testid="fields"] li').nth(1).focus();
      assert.ok(await page.locator(`${tid('hex')} .b.lit`).count() > 0);
      await healthy(page);
      await page.close();
    }],

    ['edit the client host: wrong host fails at the certificate check with certificate_unknown', async () => {
      const page = await open();
      await page.fill(tid('input-client_host'), 'evil.example.org');
      await expectOutcome(page, { result: 'failed', alert: 'certificate_unknown' });
      // marked: the check that failed, and the alert that ends the handshake
      const failed = page.locator('[data-testid^="step-"][data-status="failed"]');
      assert.deepEqual(await failed.evaluateAll((els) => els.map((e) => e.dataset.key)), ['verify_server_cert', 'alert']);
      await page.click(tid('goto-failed'));
      assert.equal(await attr(page, 'detail', 'data-key'), 'verify_server_cert');
      assert.match(await page.textContent(tid('detail-failure')), /certificate_unknown\(46\)/);
      assert.ok(await page.locator('.checks li.fail[data-check="host_name"]').count() === 1, 'the host name check failed');
      // the alert a real peer sends is the last step
      const n = await stepCount(page);
      assert.equal(await attr(page, `step-${n - 1}`, 'data-key'), 'alert');
      // steps changed by the edit are marked
      assert.ok(await page.locator('[data-testid^="step-"][data-changed="true"]').count() > 0, 'changed steps marked');
      // put it back: success again
      await page.fill(tid('input-client_host'), 'example.com');
      await expectOutcome(page, { result: 'success', alert: '' });
      await page.fill(tid('input-client_host'), 'not a host!');
      assert.ok(await page.isVisible(tid('error-client_host')), 'invalid host name: a message');
      await healthy(page);
      await page.close();
    }],

    ['every scenario button gives its outcome and marks the failing step', async () => {
      const page = await open();
      for (const [name, [result, alert, key]] of Object.entries(SCENARIOS)) {
        await page.click(tid(`scenario-${name}`));
        await page.click(tid('play')); // pause the autoplay
        await expectOutcome(page, { result, alert }, `scenario ${name}`);
        assert.ok(await page.locator(`[data-testid^="step-"][data-key="${key}"]`).count() >= 1, `${name}: step ${key} present`);
        const failed = await page.locator('[data-testid^="step-"][data-status="failed"]').evaluateAll((els) => els.map((e) => e.dataset.key));
        if (result === 'failed') {
          assert.ok(failed.length >= 1 && failed[failed.length - 1] === 'alert', `${name}: failing steps marked, alert last: ${failed}`);
        } else {
          assert.deepEqual(failed, [], `${name}: nothing marked failed`);
        }
        assert.equal(await attr(page, `scenario-${name}`, 'aria-pressed'), 'true');
        if (result === 'failed') {
          await page.click(tid('goto-failed'));
          assert.match(await page.textContent(tid('detail-failure')), new RegExp(alert));
        }
      }
      await healthy(page);
      await page.close();
    }],

    ['garbage in the hex inputs: a clear message each, and the page keeps working', async () => {
      const page = await open();
      const cases = [
        ['client_random', 'zz', /hexadecimal/],
        ['client_random', 'abc', /odd/],
        ['client_random', '00112233', /exactly 32 bytes/],
        ['server_random', 'xyz!', /hexadecimal/],
        ['pre_master', '0303' + '00'.repeat(10), /exactly 48 bytes/],
        ['session_id', '00'.repeat(33), /32 bytes/],
      ];
      for (const [name, value, msg] of cases) {
        await page.fill(tid(`input-${name}`), value);
        const err = page.locator(tid(`error-${name}`));
        assert.ok(await err.isVisible(), `${name}=${value}: message shown`);
        assert.match(await err.textContent(), msg);
        assert.equal(await page.getAttribute(tid(`input-${name}`), 'aria-invalid'), 'true');
        // the rest of the page keeps working on the last valid inputs
        await expectOutcome(page, { result: 'success', alert: '' });
        await page.fill(tid(`input-${name}`), '');
        assert.equal(await page.locator(tid(`error-${name}`)).count(), 0, `${name}: message gone when cleared`);
      }
      await page.click(tid('next'));
      assert.equal(await atStep(page, 1), 1);
      // a valid fixed client random shows up in the ClientHello bytes
      const random = 'a1'.repeat(32);
      await page.fill(tid('input-client_random'), random);
      await page.click('[data-testid^="step-"][data-key="client_hello"] button');
      await page.waitForSelector('li.is-current[data-key="client_hello"]', { timeout: 5000 });
      // (the run follows the typing after a short pause, issue 11: wait for it)
      await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent || '').includes('a1a1a1a1'), tid('hex'), { timeout: 5000 }).catch(() => {});
      assert.ok((await page.textContent(tid('hex'))).includes('a1a1a1a1'), 'the random is on the wire');
      // other inputs: empty SAN list, dates in the wrong order, no cipher suite
      // an empty SAN list is allowed since issue 12 (no-san): no message, the client refuses
      await page.fill(tid('input-server_sans'), ' , ');
      assert.ok(!(await page.isVisible(tid('error-server_sans'))));
      await page.fill(tid('input-server_sans'), 'www.example.com');
      await page.fill(tid('input-not_after'), '2020-01-01');
      assert.ok(await page.isVisible(tid('error-not_after')));
      for (const code of ['009d', '009c', '002f']) await page.uncheck(tid(`input-suite-${code}`));
      assert.ok(await page.isVisible(tid('error-offered_suites')));
      await healthy(page);
      await page.close();
    }],

    ['toggles: untrusted CA via the trust store, mutual TLS via client auth, EMS off', async () => {
      const page = await open();
      await page.uncheck(tid('input-trust_issuing_ca'));
      await expectOutcome(page, { result: 'failed', alert: 'unknown_ca' });
      await page.check(tid('input-trust_issuing_ca'));
      await page.check(tid('input-client_auth'));
      await expectOutcome(page, { result: 'success', alert: '' });
      // The run with client auth may answer after the one that restored trust (both succeed).
      await page.waitForSelector('[data-testid^="step-"][data-key="certificate_request"]', { timeout: 8000 });
      assert.equal(await page.locator('[data-testid^="step-"][data-key="certificate_request"]').count(), 1);
      await page.uncheck(tid('input-client_ems'));
      await expectOutcome(page, { result: 'success', alert: '' });
      await healthy(page);
      await page.close();
    }],

    ['a 512-bit server key is generated in the worker, with a learning-only note', async () => {
      const page = await open();
      await page.selectOption(tid('input-server_key_bits'), '512');
      assert.ok(await page.isVisible(tid('small-key-server_key_bits')), 'small key note');
      await page.waitForFunction((sel) => /ready/.test(document.querySelector(sel)?.textContent || ''), tid('keygen-status'), { timeout: 60000 });
      await expectOutcome(page, { result: 'success', alert: '' });
      // the ClientKeyExchange now carries a 64-byte (512-bit) encrypted pre-master
      await page.click('[data-testid^="step-"][data-key="client_key_exchange"] button');
      await page.waitForSelector('li.is-current[data-key="client_key_exchange"]', { timeout: 5000 });
      const bytes = Number(await page.getAttribute(tid('hex'), 'data-bytes'));
      assert.ok(bytes < 100, `a 512-bit key gives a short ClientKeyExchange record, got ${bytes} bytes`);
      await healthy(page);
      await page.close();
    }],

    ['the clock and the seed live in the state: a link pins now, "new seed" changes every random', async () => {
      // 2030-03-17: after the default certificate's notAfter (2028-01-01)
      const page = await open(1280, '?now=1900000000');
      await expectOutcome(page, { result: 'failed', alert: 'certificate_expired' });
      assert.match(await page.textContent(tid('now')), /^2030-03-17/);
      await page.click(tid('use-clock'));
      await expectOutcome(page, { result: 'success', alert: '' });
      const seed = await page.textContent(tid('seed'));
      await page.click('[data-testid^="step-"][data-key="client_hello"] button');
      await page.waitForSelector('li.is-current[data-key="client_hello"]', { timeout: 5000 });
      const hex = await page.textContent(tid('hex'));
      await page.click(tid('new-seed'));
      await page.waitForFunction(([sel, old]) => document.querySelector(sel).textContent !== old, [tid('seed'), seed]);
      // the run comes back from the engine worker a moment after the seed is shown
      await page.waitForFunction(([sel, old]) => document.querySelector(sel)?.textContent !== old, [tid('hex'), hex], { timeout: 10000 })
        .catch(() => {});
      assert.notEqual(await page.textContent(tid('hex')), hex, 'a new client random');
      await expectOutcome(page, { result: 'success', alert: '' });
      assert.match(page.url(), /seed=[0-9a-f]{64}/, 'the link carries the seed');
      await healthy(page);
      await page.close();
    }],

    ['keyboard only: Tab to a scenario, Enter runs it; Tab to a step, Enter shows it', async () => {
      const page = await open();
      await page.focus(tid('scenario-wrong_host'));
      await page.keyboard.press('Enter');
      await expectOutcome(page, { result: 'failed', alert: 'certificate_unknown' });
      await page.keyboard.press('Enter'); // the focused button again: still the same scenario
      await page.focus(tid('play'));
      await page.keyboard.press('Enter'); // pause
      await waitText(page, 'play', /Play/);
      await page.focus(`${tid('step-2')} button`);
      await page.keyboard.press('Enter');
      assert.equal(await atStep(page, 2), 2);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.testid), 'step-3', 'Tab moves along the list');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'keyboard focus is visible');
      // a focused field lights its bytes, without a mouse
      await page.click(`${tid('step-1')} button`); // the server's CSR (issue 12): it has fields
      await page.focus('[data-testid="fields"] li:nth-child(2)');
      assert.ok(await page.locator(`${tid('hex')} .b.lit`).count() > 0);
      await healthy(page);
      await page.close();
    }],

    ['screenshots at 360 px and 1280 px, nothing wider than the screen', async () => {
      for (const width of [360, 1280]) {
        const page = await open(width);
        // the normal session at the ClientKeyExchange, the encrypted pre-master's bytes lit
        await page.click('[data-testid^="step-"][data-key="client_key_exchange"] button');
        await page.waitForSelector('li.is-current[data-key="client_key_exchange"]', { timeout: 5000 });
        await page.locator('[data-testid="fields"] li[data-name="encrypted_pre_master"]').hover();
        assert.ok(await page.locator(`${tid('hex')} .b.lit`).count() > 0);
        await page.evaluate(() => { window.scrollTo(0, 0); document.querySelector('[data-testid="detail"]').scrollTop = 0; });
        await page.waitForTimeout(1000); // let the arrow finish drawing
        await page.screenshot({ path: `${OUT}sim-${width}.png` });
        // a failing scenario, at its failing step
        await page.click(tid('scenario-wrong_host'));
        await page.click(tid('play'));
        await page.click(tid('goto-failed'));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scroll at ${width}px (overflow ${overflow}px)`);
        await page.screenshot({ path: `${OUT}sim-${width}-wrong-host.png`, fullPage: width === 360 });
        await healthy(page);
        await page.close();
      }
    }],
  ]);
} finally {
  await browser.close();
}
