// The Korean page speaks Korean: open every scenario with `?preset=<name>&lang=ko`, walk every
// step, and fail on English prose in the outcome banner or the detail panel. The same in embed
// mode (`embed=1`, compact, 800x500 iframe size), every scenario, every step.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/i18n_ko.spec.mjs
//      (tests/run-all.sh does it with the other specs; the full report goes to web/e2e/out/i18n_ko.json)
//
// The rule. The visible text of the banner and of the detail panel is cut into segments: one per
// block element (p, li, div, h2, dt, dd, ...), and a segment ends at a <code>/<pre>/<kbd>/<samp>
// element and at the hex view, whose content is not read at all (values, hex, formulas marked as
// code). Hidden elements (display: none, e.g. the alert meaning in compact embeds) are not read.
// Segments are cut into sentences (after . ! ?), sentences into whitespace tokens. A token is a
// *plain Latin word* when it matches PLAIN_WORD below: an optional opening bracket or quote, then
// one capital or small letter and small letters only (or the one-letter words a, A, I), English
// hyphen compounds and possessives of such words (self-signed, server's, can't), then optional
// closing punctuation , . ; : ! ? ) ] and quotes. So these are never plain words and never part of
// a run: message and field names in camelCase (ClientHello, tbsCertificate), snake_case
// (client_random, bad_record_mac) and anything with an underscore, a dot inside or a digit
// (www.example.com, HTTP/1.1, SHA-256, AES-128-GCM), acronyms (RSA, TLS, CA, MAC), and hex
// (tokens of 8+ hex digits are skipped even when they are letters only). The learner's own inputs
// and the scenario's names (LITERALS: CA names, host names, the application message and the
// server's reply) are blanked before tokenizing. A run of MIN_RUN (4) or more consecutive plain
// words in one sentence is an offence: "the server certificate expired" is one, "ServerHello 의
// server_random" is not, nor is "Teaching Root CA".
//
// The test prints every distinct offending sentence with its runs, how often it was seen and where
// (scenario/step key), the totals (occurrences, distinct runs, distinct sentences), and fails if
// there is any. The banner is read once per page load (it does not change with the step); the
// detail panel once per step.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });

// The core's DEFAULT_NOW (2026-11-23T09:00:00Z): inside the default certificates' validity.
const NOW = 1795424400;
const MIN_RUN = 4;
const PLAIN_WORD = /^[("'\[\u201c\u2018]*(?:[A-Za-z][a-z]+(?:-[a-z]+)*(?:['\u2019](?:s|t|re|ve|ll|d))?|a|A|I)[)\]"'\u201d\u2019,.;:!?]*$/;
const HEX = /^[("'\[]*[0-9a-fA-F]{8,}[)\]"',.;:!?]*$/;
// The learner's inputs (the default scenario's and the presets') and the scenario's names.
const LITERALS = [
  'Teaching Root CA', 'Interception Root CA', 'Teaching Intermediate CA', 'Teaching Sub CA',
  'www.example.com', 'example.com', 'login.example.net', 'wrong.example.net',
  'GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n',
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
];
// Each preset with the alert its outcome banner must carry (proves the link loaded it).
const PRESETS = {
  normal: '', untrusted_ca: 'unknown_ca', expired: 'certificate_expired',
  wrong_host: 'certificate_unknown', forged_signature: 'bad_certificate', mitm: 'unknown_ca',
  byte_flipped: 'bad_record_mac', mutual_tls: '',
  // issue 12: the chain and the certificate failures (bad_csr: refused by the CA, no alert)
  chain: '', incomplete_chain: 'unknown_ca', intermediate_not_ca: 'unknown_ca', path_len: 'unknown_ca',
  self_signed: 'unknown_ca', sha1_leaf: 'bad_certificate', sha1_intermediate: 'bad_certificate',
  weak_key: 'bad_certificate', no_san: 'certificate_unknown', no_server_auth: 'unsupported_certificate',
  no_key_encipherment: 'unsupported_certificate', not_yet_valid: 'bad_certificate',
  revoked: 'certificate_revoked', bad_csr: '',
  // issue 13: (EC)DHE; issue 14: resumption (two connections), a refusal and the EMS abort
  ecdhe: '', dhe: '', forged_params: 'decrypt_error', weak_prime: 'insufficient_security',
  resume_id: '', resume_ticket: '', ticket_tampered: '', other_host: '', ems_dropped: 'handshake_failure',
  // issue 15: TLS 1.3, its HelloRetryRequest and its failures
  tls13: '', tls13_hrr: '', tls13_untrusted_ca: 'unknown_ca', tls13_wrong_host: 'certificate_unknown',
  tls13_expired: 'certificate_expired', tls13_forged_certificate_verify: 'decrypt_error',
  tls13_flipped_record: 'bad_record_mac', tls13_downgrade: 'illegal_parameter',
};

const BREAK = '\u0000';
const norm = (s) => s.replace(/\s+/g, ' ').trim();
// Literals as they may appear on the page: whitespace collapsed, or with \r\n written out.
const BLANKS = [...new Set(LITERALS.flatMap((l) => [norm(l), l.replace(/\r/g, '\\r').replace(/\n/g, '\\n')]))]
  .sort((a, b) => b.length - a.length);

/** The offending runs of one piece of text: [{ sentence, run }]. */
export function offences(text) {
  let t = text;
  for (const lit of BLANKS) t = t.split(lit).join(` ${BREAK} `);
  const found = [];
  for (const part of t.split(BREAK)) {
    for (const sentence of part.split(/(?<=[.!?])\s+/)) {
      let cur = [];
      const end = () => {
        if (cur.length >= MIN_RUN) found.push({ sentence: norm(sentence), run: cur.join(' ') });
        cur = [];
      };
      for (const tok of sentence.split(/\s+/).filter(Boolean)) {
        if (PLAIN_WORD.test(tok) && !HEX.test(tok)) cur.push(tok);
        else end();
      }
      end();
    }
  }
  return found;
}

// In the page: the visible text segments under the selectors (see the rule above).
function segmentsIn(selectors) {
  const SKIP = 'code, pre, kbd, samp, script, style, svg, [data-testid="hex"], .hex-view';
  const out = [];
  for (const sel of selectors) {
    for (const root of document.querySelectorAll(sel)) {
      let buf = '';
      const flush = () => {
        for (const p of buf.split('\u0000')) {
          const t = p.replace(/\s+/g, ' ').trim();
          if (t) out.push(t);
        }
        buf = '';
      };
      const walk = (n) => {
        if (n.nodeType === Node.TEXT_NODE) { buf += n.nodeValue; return; }
        if (n.nodeType !== Node.ELEMENT_NODE) return;
        const cs = getComputedStyle(n);
        if (cs.display === 'none' || cs.visibility === 'hidden') return;
        if (n.matches(SKIP)) { buf += '\u0000'; return; }
        const inline = cs.display === 'inline' || cs.display === 'contents';
        if (inline) buf += ' '; else flush();
        for (const c of n.childNodes) walk(c);
        if (inline) buf += ' '; else flush();
      };
      walk(root);
      flush();
    }
  }
  return out;
}

const browser = await launch();
const findings = new Map(); // sentence -> { runs:Set, count, where:Set }
let occurrences = 0;
let segmentsRead = 0;

function record(mode, where, segments) {
  segmentsRead += segments.length;
  for (const seg of segments) {
    for (const { sentence, run } of offences(seg)) {
      occurrences++;
      const f = findings.get(sentence) || { runs: new Set(), count: 0, where: new Set() };
      f.runs.add(run);
      f.count++;
      f.where.add(`${mode}:${where}`);
      findings.set(sentence, f);
    }
  }
}

async function openPage(query, viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(BASE_URL + query);
  await page.waitForSelector('[data-testid="outcome"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="detail"][data-step="0"]', { timeout: 30000 });
  return page;
}

// Open one preset in Korean, check it is the preset and Korean, read the banner, walk the steps.
async function walk(mode, name, { embed, steps }) {
  const query = `?preset=${name}&lang=ko&now=${NOW}&step=0${embed ? '&embed=1' : ''}`;
  const page = await openPage(query, embed ? { width: 800, height: 500 } : { width: 1280, height: 900 });
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'ko', `${query}: <html lang="ko">`);
    assert.equal(await page.getAttribute('[data-testid="outcome"]', 'data-alert') || '', PRESETS[name],
      `${query}: the preset's outcome`);
    if (!embed) {
      assert.equal(await page.getAttribute(`[data-testid="scenario-${name}"]`, 'aria-pressed'), 'true',
        `${query}: its scenario button is lit`);
    } else {
      assert.ok(await page.$('.tlsim-embed'), `${query}: embed mode`);
    }
    record(mode, `${name}/banner`, await page.evaluate(segmentsIn, ['[data-testid="outcome"]']));
    const n = await page.locator('[data-testid^="step-"][data-key]').count();
    assert.ok(n >= 3, `${query}: a handshake has steps, got ${n}`);
    const wanted = steps(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        await page.keyboard.press('ArrowRight');
        await page.waitForSelector(`[data-testid="detail"][data-step="${i}"]`, { timeout: 5000 });
        at = i;
      }
      if (!wanted.has(i)) continue;
      const key = await page.getAttribute('[data-testid="detail"]', 'data-key');
      record(mode, `${name}/${at}:${key}`, await page.evaluate(segmentsIn, ['[data-testid="detail"]']));
    }
    assert.deepEqual(page.errors, [], `${query}: no page error`);
    return n;
  } finally {
    await page.close();
  }
}

function report(title) {
  const rows = [...findings.entries()].sort((a, b) => b[1].count - a[1].count);
  const runs = new Set(rows.flatMap(([, f]) => [...f.runs]));
  console.log(`# ${title}: ${occurrences} offending runs (occurrences), ${runs.size} distinct runs, `
    + `${rows.length} distinct sentences, in ${segmentsRead} text segments read`);
  for (const [sentence, f] of rows) {
    const where = [...f.where];
    console.log(`#   ${String(f.count).padStart(3)}x  ${sentence.length > 220 ? `${sentence.slice(0, 220)}…` : sentence}`);
    console.log(`#         runs: ${[...f.runs].map((r) => JSON.stringify(r)).join(', ')}`);
    console.log(`#         at: ${where.slice(0, 4).join(' ')}${where.length > 4 ? ` (+${where.length - 4} more)` : ''}`);
  }
  return { occurrences, distinctRuns: runs.size, sentences: rows.map(([sentence, f]) => ({ sentence,
    runs: [...f.runs], count: f.count, where: [...f.where] })) };
}

function resetFindings() { findings.clear(); occurrences = 0; segmentsRead = 0; }

const results = {};
// The report so far, as JSON (written after each walk: `run` exits the process on a failure).
function save(mode, steps, r) {
  results[mode] = { steps, ...r };
  fs.writeFileSync(path.join(OUT, 'i18n_ko.json'), JSON.stringify(results, null, 2));
}
const every = (n) => new Set(Array.from({ length: n }, (_, i) => i));

try {
  await run('i18n_ko', [
    ['the rule: plain-word runs are found; names, hex, code and the learner\'s inputs are not', async () => {
      const hits = (s) => offences(s).map((o) => o.run);
      assert.deepEqual(hits('서버가 보낸 값: the server certificate has expired.'), ['the server certificate has expired.']);
      assert.deepEqual(hits('Verify the signature (of a CA) now'), ['Verify the signature (of a']);
      assert.deepEqual(hits('클라이언트가 ClientHello 의 client_random 을 보냅니다'), []);
      assert.deepEqual(hits('tbsCertificate bad_record_mac HMAC SHA-256 TLS RSA www.example.com'), []);
      assert.deepEqual(hits('값 deadbeefcafe abcdefab face 입니다'), []);
      assert.deepEqual(hits('발급자 Teaching Root CA 와 Interception Root CA'), []);
      assert.deepEqual(hits('요청 GET / HTTP/1.1 Host: www.example.com 응답 HTTP/1.1 200 OK Content-Length: 5 hello'), []);
      assert.deepEqual(hits('two words. three more words'), []);
      assert.deepEqual(hits('four plain words here'), ['four plain words here']);
      assert.deepEqual(hits('키: the server\'s public key'), ['the server\'s public key']);
      assert.deepEqual(hits('a self-signed root certificate'), ['a self-signed root certificate']);
      assert.deepEqual(hits('AES-128-GCM SHA-256 Content-Length certificate(s) 859 bytes'), []);
    }],
    ['full page, lang=ko: every scenario, every step', async () => {
      resetFindings();
      let steps = 0;
      for (const name of Object.keys(PRESETS)) steps += await walk('page', name, { embed: false, steps: every });
      save('page', steps, report(`full page (lang=ko, ${Object.keys(PRESETS).length} presets, every step)`));
      assert.ok(segmentsRead > steps, 'text was read');
      assert.equal(occurrences, 0, `${occurrences} runs of ${MIN_RUN}+ plain English words on the Korean page (see above)`);
    }],
    ['embed=1, lang=ko: every scenario, every step', async () => {
      resetFindings();
      let steps = 0;
      for (const name of Object.keys(PRESETS)) steps += await walk('embed', name, { embed: true, steps: every });
      save('embed', steps, report(`embed (lang=ko, embed=1, ${Object.keys(PRESETS).length} presets, every step)`));
      assert.equal(occurrences, 0, `${occurrences} runs of ${MIN_RUN}+ plain English words in the Korean embed (see above)`);
    }],
  ]);
} finally {
  await browser.close();
}
