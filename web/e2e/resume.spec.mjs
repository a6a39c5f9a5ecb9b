// Issue 14, session resumption on the page: the two resumption presets resume (the comparison
// counts 2 round trips for the full handshake, 1 for the abbreviated one), each of the 8 failure
// buttons ends in a full handshake or the RFC's alert, the ticket key is editable with a clear
// message for bad hex, a `?preset=resume_ticket&step=N` link opens at that step; screenshots of
// the resumed handshake beside the full one at 1280 and 390 px in English and Korean.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/resume.spec.mjs  (SHOTS=dir to copy them)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const browser = await launch();
const NOW = 1795424400;
const tid = (id) => `[data-testid="${id}"]`;

// preset -> [data-result, data-alert, resumed?, round trips of the second connection ('' = none),
//            the check of the server's lookup that fails ('' = none)]
const CASES = {
  resume_id: ['success', '', 'true', '1', ''],
  resume_ticket: ['success', '', 'true', '1', ''],
  server_forgot: ['success', '', 'false', '2', 'session_known'],
  ticket_tampered: ['success', '', 'false', '2', 'ticket_authentic'],
  key_rotated: ['success', '', 'false', '2', 'ticket_authentic'],
  session_expired: ['success', '', 'false', '2', 'session_fresh'],
  other_host: ['success', '', 'false', '2', 'session_host'],
  ems_dropped: ['failed', 'handshake_failure', 'false', '', 'session_ems'],
  ems_added: ['success', '', 'false', '2', 'session_ems'],
  other_suite: ['success', '', 'false', '2', 'session_suite'],
};

async function open(width, query) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
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

// Wait until the selector's attributes have the values, then assert them (the message says what was there).
async function attrsAre(page, sel, want, msg) {
  await page.waitForFunction(([s, w]) => {
    const el = document.querySelector(s);
    return el && Object.entries(w).every(([k, v]) => (el.getAttribute(k) || '') === v);
  }, [sel, want], { timeout: 10000 }).catch(() => {});
  const got = await page.$eval(sel, (el, keys) => Object.fromEntries(keys.map((k) => [k, el.getAttribute(k) || ''])),
    Object.keys(want)).catch(() => 'missing');
  assert.deepEqual(got, want, msg);
}

// Korean pages speak Korean: no run of 4 plain English words (the rule of i18n_ko.spec.mjs, simply:
// code elements left out; message names, snake_case and acronyms are not plain words).
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

const keys = (page) => page.locator('[data-testid^="step-"][data-key]').evaluateAll((els) => els.map((e) => e.dataset.key));

async function gotoKey(page, key) {
  await page.locator(`[data-testid^="step-"][data-key="${key}"]`).last().click();
  await page.waitForSelector(`li.is-current[data-key="${key}"]`, { timeout: 5000 });
}

await run('resume', [
  ['every resumption button ends as the RFCs say; the comparison counts 2 round trips, then 1', async () => {
    const page = await open(1280, `?now=${NOW}`);
    assert.equal(await page.locator(`${tid('resume-failures')} button`).count(), 8, '8 failure buttons');
    assert.equal(await page.locator(tid('resume-compare')).count(), 0, 'no panel without a second connection');
    for (const [name, [result, alert, resumed, rtt, check]] of Object.entries(CASES)) {
      await page.click(tid(`scenario-${name}`));
      await pause(page);
      await attrsAre(page, tid('outcome'), { 'data-result': result, 'data-alert': alert }, name);
      await attrsAre(page, tid('resume-compare'), { 'data-resumed': resumed }, `${name}: resumed`);
      await attrsAre(page, tid('resume-rtt-1'), { 'data-rtt': '2' }, `${name}: a full first handshake`);
      await attrsAre(page, tid('resume-rtt-2'), { 'data-rtt': rtt }, `${name}: second connection`);
      assert.ok((await page.textContent(tid('preset-help'))).length > 20, `${name}: help shown`);
      if (resumed === 'true') {
        assert.equal(await page.getAttribute(tid('resume-ops-2'), 'data-count'), '0', `${name}: no public-key operation`);
        assert.ok(Number(await page.getAttribute(tid('resume-ops-1'), 'data-count')) >= 2, name);
        const skipped = await page.textContent(tid('resume-skipped-messages'));
        for (const m of ['Certificate', 'ServerHelloDone', 'ClientKeyExchange']) assert.ok(skipped.includes(m), `${name}: ${m} skipped`);
        assert.ok(await page.isVisible(tid('resume-saved-rtt')), name);
      } else {
        await gotoKey(page, 'lookup_session');
        const failed = await page.locator(`${tid('detail')} .checks li[data-ok="false"]`).evaluateAll((els) => els.map((e) => e.dataset.check));
        assert.ok(failed.includes(check), `${name}: ${check} fails at the lookup (${failed})`);
      }
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  }],

  ['the ticket key is editable: bad hex gets a message, a new key is used, rotate draws one', async () => {
    const page = await open(1280, `?preset=resume_ticket&now=${NOW}`);
    await pause(page);
    await page.fill(tid('input-ticket_key'), 'xyz');
    await page.waitForSelector(tid('error-ticket_key'), { timeout: 5000 });
    assert.match(await page.textContent(tid('error-ticket_key')), /hex/i);
    await page.fill(tid('input-ticket_key'), 'abcd');
    await page.waitForFunction((s) => /16/.test(document.querySelector(s)?.textContent || ''), tid('error-ticket_key'), { timeout: 5000 });
    await attrsAre(page, tid('resume-compare'), { 'data-resumed': 'true' }, 'the rest keeps working');
    await page.fill(tid('input-ticket_key'), '22'.repeat(16));
    await page.waitForSelector(tid('error-ticket_key'), { state: 'detached', timeout: 5000 });
    // The run follows a pause in typing (issue 11): wait for the new key in the ticket's step.
    await gotoKey(page, 'new_session_ticket');
    const sel = `${tid('detail')} [data-derived="ticket_key"] .value code`;
    await page.waitForFunction(([s, want]) => document.querySelector(s)?.textContent === want,
      [sel, '22'.repeat(16)], { timeout: 8000 }).catch(() => {});
    assert.equal(await page.locator(sel).first().textContent(), '22'.repeat(16));
    await page.click(tid('new-ticket-key'));
    await page.waitForFunction((s) => { const v = document.querySelector(s)?.value || ''; return /^[0-9a-f]{32}$/.test(v) && v !== '22'.repeat(16); },
      tid('input-ticket_key'), { timeout: 5000 });
    await attrsAre(page, tid('resume-compare'), { 'data-resumed': 'true' }, 'resumes under the new key');
    // The choice itself: by session ID, then off (the panel goes).
    await page.selectOption(tid('input-resume'), 'session_id');
    await page.waitForSelector(tid('input-ticket_key'), { state: 'detached', timeout: 5000 });
    await attrsAre(page, tid('resume-compare'), { 'data-resumed': 'true' }, 'by session ID');
    await page.selectOption(tid('input-resume'), 'off');
    await page.waitForSelector(tid('resume-compare'), { state: 'detached', timeout: 8000 });
    assert.deepEqual(page.errors, []);
    await page.close();
  }],

  ['a link ?preset=resume_ticket&step=N opens at that step, in either language', async () => {
    const first = await open(1280, `?preset=resume_ticket&now=${NOW}`);
    const k = await keys(first);
    await first.close();
    const n = k.lastIndexOf('derive_keys_resumed_client');
    assert.ok(n > k.indexOf('reconnect') && k.indexOf('reconnect') > 0, `steps: ${k}`);
    for (const lang of ['en', 'ko']) {
      const page = await open(390, `?preset=resume_ticket&step=${n}&lang=${lang}&now=${NOW}`);
      await page.waitForSelector(`li.is-current${tid(`step-${n}`)}[data-key="derive_keys_resumed_client"]`, { timeout: 5000 });
      assert.equal(await page.getAttribute(tid('scenario-resume_ticket'), 'aria-pressed'), 'true');
      await attrsAre(page, tid('resume-compare'), { 'data-resumed': 'true' }, `${lang} link`);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  }],

  ['screenshots: the resumed handshake beside the full one, 1280 and 390 px, English and Korean', async () => {
    const dest = process.env.SHOTS;
    for (const lang of ['en', 'ko']) {
      for (const width of [1280, 390]) {
        const page = await open(width, `?preset=resume_ticket&lang=${lang}&now=${NOW}`);
        await pause(page);
        await gotoKey(page, 'derive_keys_resumed_client');
        const shots = [];
        const panel = page.locator(tid('resume-compare'));
        const text = await panel.textContent();
        if (lang === 'ko') {
          assert.match(text, /[\uac00-\ud7a3]{4}/, 'Korean text in the panel');
          const runs = await englishRuns(page, `${tid('resume-compare')}, ${tid('resume-failures')}, ${tid('resume-inputs')}, ${tid('preset-help')}`);
          assert.deepEqual(runs, [], 'no English prose on the Korean page');
        }
        const cmp = `issue14-compare-${lang}-${width}.png`;
        await panel.screenshot({ path: `${OUT}${cmp}` });
        shots.push(cmp);
        const stage = `issue14-resumed-step-${lang}-${width}.png`;
        await page.locator('.stage').screenshot({ path: `${OUT}${stage}` });
        shots.push(stage);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width + 1, `${lang} ${width}: nothing wider than the screen (${wide})`);
        if (dest) for (const f of shots) fs.copyFileSync(`${OUT}${f}`, `${dest}/${f}`);
        assert.deepEqual(page.errors, []);
        await page.close();
      }
    }
  }],
]);
await browser.close();
