// Accessible in fact (issue 11): axe-core finds zero violations on every preset, in English and
// Korean, on the page and in embed mode, at the middle and the last step, and in the dark color
// scheme; the diagram is a keyboard listbox (arrow keys, Home/End, Enter; aria-selected, roving
// tabindex), the hex view has a byte cursor that names the field under it, and the current step
// is announced through a live region. Screenshots of the diagram with keyboard focus, 1280 and
// 390 px, English and Korean, go to web/e2e/out/issue11-a11y-*.png.
// Run: BASE_URL=http://127.0.0.1:PORT/sim/ node web/e2e/a11y.spec.mjs
// A11Y_LIMIT=N checks only the first N presets (a quick look); A11Y_FULL=1 checks every preset in
// every combination (8 axe runs a preset instead of 4; slower than the 3-minute budget).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, run, BASE_URL, OUT } from './browser.mjs';

fs.mkdirSync(OUT, { recursive: true });
const NOW = 1795424400; // the core's DEFAULT_NOW
const FULL = !!process.env.A11Y_FULL;
const tid = (id) => `[data-testid="${id}"]`;
const STEP = '.step-list li[data-testid^="step-"]';
const ROW = '[data-testid="diagram"] g[data-step]';
const browser = await launch();
// One page for the whole walk, navigated by URL; motion reduced so axe reads settled colours.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

async function load(query) {
  await page.goto(`${BASE_URL}?now=${NOW}${query}`);
  await page.waitForSelector(tid('outcome'), { timeout: 30000 });
  await page.waitForSelector(ROW, { timeout: 30000, state: 'attached' });
}

// Show step i by clicking its row in the diagram (no reload; the step list is folded away in
// narrow embeds) and wait until the detail panel shows it.
async function show(i) {
  await page.click(`${ROW}[data-step="${i}"]`);
  await page.waitForSelector(`${tid('detail')}[data-step="${i}"]`, { timeout: 5000 });
}

const stepCount = () => page.locator(ROW).count();
const currentStep = async () => Number((await page.locator(`${STEP}:has([aria-current="step"])`)
  .first().getAttribute('data-testid')).slice(5));

// Every violation found, with where it was found.
const found = [];
let runs = 0;
// The hex view's byte spans (up to ~1,500 a step) take most of axe's time; their colours depend
// only on their classes, so FAST runs leave them out and one run (the hex view test below) checks
// them all, in both schemes, with every class they can carry.
const BYTES = '.hex .b';
async function axe(where, rules, { include, skipBytes = !FULL } = {}) {
  // axe.run in the page itself (legacy mode: no extra blank page per run; no cross-origin
  // frames here), reporting violations only (no node lists of what passed)
  // axe's 580 KB source goes into each new document once, not again for each run
  const axeSource = (await page.evaluate(() => typeof window.axe?.run === 'function')) ? ';' : undefined;
  let b = new AxeBuilder({ page, axeSource }).setLegacyMode(true).options({ resultTypes: ['violations'] });
  if (rules) b = b.withRules(rules);
  if (include) b = b.include(include);
  if (skipBytes) b = b.exclude(BYTES);
  const r = await b.analyze();
  runs++;
  for (const v of r.violations) {
    found.push({ where, id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary.split('\n').slice(1, 2).join('')}`) });
  }
}

function report(label, from = 0, runsFrom = 0) {
  const mine = found.slice(from);
  const byRule = new Map();
  for (const f of mine) {
    const e = byRule.get(f.id) || { count: 0, nodes: 0, help: f.help, impact: f.impact, first: f };
    e.count++; e.nodes += f.nodes.length; byRule.set(f.id, e);
  }
  console.log(`# axe ${label}: ${runs - runsFrom} runs, ${mine.length} violations (rule x run), ` +
    `${mine.reduce((n, f) => n + f.nodes.length, 0)} nodes, ${byRule.size} rules`);
  for (const [id, e] of byRule) {
    console.log(`#   ${id} [${e.impact}] in ${e.count} runs, ${e.nodes} nodes: ${e.help}`);
    console.log(`#     e.g. ${e.first.where}: ${e.first.nodes.slice(0, 3).join(' | ')}`);
  }
  fs.writeFileSync(path.join(OUT, 'a11y-violations.json'), JSON.stringify(found, null, 1));
}

// The presets, as the page offers them (its scenario buttons).
await load('&lang=en');
let presets = await page.$$eval('[data-testid^="scenario-"]', (bs) => bs.map((b) => b.dataset.testid.slice(9)));
if (process.env.A11Y_LIMIT) presets = presets.slice(0, Number(process.env.A11Y_LIMIT));

// Tab from the top of the page until focus is inside `sel` (at most `max` presses).
async function tabInto(sel, max = 80) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.locator('body').focus();
  for (let k = 0; k < max; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.closest(s), sel)) return k + 1;
  }
  throw new Error(`Tab never reached ${sel}`);
}

const live = () => page.locator(tid('step-announce')).innerText();
const focused = () => page.evaluate(() => ({
  role: document.activeElement?.getAttribute('role'),
  step: document.activeElement?.dataset.step,
  selected: document.activeElement?.getAttribute('aria-selected'),
  tabindex: document.activeElement?.getAttribute('tabindex'),
}));

try {
  await run('a11y', [
    [`axe: ${presets.length} presets x en/ko x page/embed x middle/last step (+ dark contrast): zero violations`, async () => {
      assert.ok(presets.length >= (process.env.A11Y_LIMIT ? 1 : 8), `the page offers its presets (${presets.length})`);
      const t0 = Date.now();
      // Every preset in both languages, both modes and at both steps: the full cross product
      // (8 runs a preset) with A11Y_FULL=1, else 4 runs a preset that cover each language, mode
      // and step, rotating so that every (mode, language, step) meets every kind of preset. One
      // dark-scheme contrast run a preset at its last step on the page (and in some embeds; every
      // run with A11Y_FULL).
      const all = [];
      for (const mode of ['page', 'embed']) for (const lang of ['en', 'ko']) for (const at of ['middle', 'last']) all.push({ mode, lang, at });
      const combos = (k) => (FULL ? all : all.filter((c) => ((c.mode === 'embed') + (c.lang === 'ko') + (c.at === 'last') + k) % 2 === 0));
      const check = async (where, at, dark) => {
        const n = await stepCount();
        const i = at === 'last' ? n - 1 : Math.floor((n - 1) / 2);
        await show(i);
        await axe(`${where}/step ${i + 1} of ${n}`);
        if (dark) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await axe(`dark/${where}/step ${i + 1} of ${n}`, ['color-contrast']);
          await page.emulateMedia({ colorScheme: 'light' });
        }
      };
      // The page: one document for every preset, picked with its button, the language with the
      // language switch (what a learner does; a button loads its preset as a ?preset= link does).
      await load('&lang=en');
      let lang = 'en';
      for (const [k, p] of presets.entries()) {
        await page.click(tid(`scenario-${p}`));
        await page.waitForSelector(`${tid(`scenario-${p}`)}[aria-pressed="true"]`, { timeout: 10000 });
        for (const c of combos(k).filter((x) => x.mode === 'page')) {
          if (c.lang !== lang) {
            await page.click(tid(`lang-${c.lang}`));
            await page.waitForFunction((l) => document.documentElement.lang === l, c.lang, { timeout: 5000 });
            lang = c.lang;
          }
          await check(`page/${c.lang}/${p}`, c.at, c.at === 'last' || FULL);
        }
      }
      // Embeds: opened by their link, as an iframe would.
      for (const [k, p] of presets.entries()) {
        for (const c of combos(k).filter((x) => x.mode === 'embed')) {
          await load(`&preset=${p}&lang=${c.lang}&embed=1`);
          await check(`embed/${c.lang}/${p}`, c.at, FULL || (k % 8 === 0 && c.at === 'last'));
        }
      }
      report(`${FULL ? 'full' : 'covering'} walk, ${Math.round((Date.now() - t0) / 1000)} s`);
      assert.deepEqual(errors, []);
      assert.equal(found.length, 0, `${found.length} axe violations (see above and out/a11y-violations.json)`);
    }],
    ['keyboard: Tab to the diagram, arrows/Home/End/Enter move the step, the live region follows', async () => {
      await load('&lang=en&step=2');
      const presses = await tabInto(tid('diagram'));
      let f = await focused();
      assert.equal(f.role, 'option', `focus lands on a step of the diagram after ${presses} Tabs`);
      assert.equal(f.step, '2', 'on the current step (roving tabindex)');
      assert.equal(f.selected, 'true');
      assert.equal(await page.locator(`${tid('diagram')} [role="option"][tabindex="0"]`).count(), 1, 'one tab stop');
      assert.equal(await page.locator(`${tid('diagram')} [role="listbox"]`).count(), 1);
      const said = await live();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.activeElement?.dataset.step === '3', null, { timeout: 5000 });
      assert.equal(await currentStep(), 3, 'ArrowDown shows the next step');
      f = await focused();
      assert.equal(f.selected, 'true'); assert.equal(f.tabindex, '0');
      assert.equal(await page.locator(`${tid('diagram')} [data-step="2"]`).getAttribute('aria-selected'), 'false');
      await page.waitForFunction((old) => document.querySelector('[data-testid="step-announce"]').innerText !== old, said, { timeout: 5000 });
      const title = await page.locator(`${tid('step-3')} .title`).innerText();
      assert.ok((await live()).includes(title), `the live region names the step: ${await live()}`);
      assert.equal(await page.locator(tid('step-announce')).getAttribute('aria-live'), 'polite');
      await page.keyboard.press('ArrowUp');
      await page.waitForFunction(() => document.activeElement?.dataset.step === '2');
      assert.equal(await currentStep(), 2, 'ArrowUp goes back');
      await page.keyboard.press('End');
      const n = await stepCount();
      await page.waitForFunction((s) => document.activeElement?.dataset.step === s, String(n - 1));
      assert.equal(await currentStep(), n - 1, 'End: the last step');
      await page.keyboard.press('Home');
      await page.waitForFunction(() => document.activeElement?.dataset.step === '0');
      assert.equal(await currentStep(), 0, 'Home: the first step');
      assert.match(await live(), new RegExp(`\\b1\\b.*\\b${n}\\b`), 'the live region counts steps');
      // Enter selects the step that has focus (e.g. moved there by a screen reader's cursor)
      await page.locator(`${tid('diagram')} [data-step="4"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="step-4"] [aria-current="step"]'));
      assert.equal(await currentStep(), 4, 'Enter selects the focused step');
      assert.match(page.url(), /[?&]step=4\b/);
      // the focus ring is visible on the focused step
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.activeElement?.dataset.step === '5');
      const ring = await page.evaluate(() => {
        const hit = document.activeElement.querySelector('.hit');
        const cs = getComputedStyle(hit);
        return { stroke: cs.stroke, width: parseFloat(cs.strokeWidth) };
      });
      assert.ok(ring.stroke !== 'none' && ring.width >= 2, `visible focus ring ${JSON.stringify(ring)}`);
      assert.deepEqual(errors, []);
    }],
    ['keyboard: the hex view has a byte cursor that names the field under it', async () => {
      await load('&lang=en');
      await page.click('[data-testid^="step-"][data-key="client_hello"] button');
      await page.waitForSelector('li.is-current[data-key="client_hello"]');
      const hex = `${tid('detail')} ${tid('hex')}`;
      await tabInto(hex, 200);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'hex', 'the hex view takes focus');
      const cursor = () => page.locator(`${hex} .b.cursor`);
      const label = () => page.locator(`${tid('detail')} ${tid('hex-cursor')}`).innerText();
      await page.keyboard.press('ArrowRight');
      assert.equal(await cursor().getAttribute('data-i'), '1');
      // byte 1 of a handshake message: the first byte of its 3-byte length
      const first = await label();
      assert.match(first, /0x0001/);
      // the field list's own answer: the shortest field whose "@offset +len" covers byte 1
      const owner1 = await page.locator(`${tid('detail')} [data-testid="fields"] li`).evaluateAll((lis, i) => lis
        .map((li) => { const [o, l] = li.querySelector('.fpos').textContent.match(/\d+/g).map(Number); return { o, l, name: li.dataset.name }; })
        .filter((f) => f.o <= i && i < f.o + f.l)
        .sort((a, b) => a.l - b.l)[0]?.name, 1);
      assert.ok(owner1, 'the field list names byte 1');
      assert.ok(first.includes(owner1), `the cursor line names the field: ${first}`);
      assert.equal(await page.locator(`${hex}`).getAttribute('data-cursor-field'), owner1, 'the cursor knows its field');
      assert.ok(await page.locator(`${hex} .b.lit`).count() > 0, 'the field under the cursor lights up');
      await page.keyboard.press('ArrowDown');
      assert.equal(await cursor().getAttribute('data-i'), '17', 'ArrowDown: one row (16 bytes) on');
      await page.keyboard.press('End');
      const n = Number(await page.locator(hex).getAttribute('data-bytes'));
      assert.equal(await cursor().getAttribute('data-i'), String(n - 1), 'End: the last byte');
      await page.keyboard.press('Home');
      assert.equal(await cursor().getAttribute('data-i'), '0');
      assert.notEqual(await label(), first, 'the cursor line follows');
      assert.equal(await page.locator(`${tid('detail')} ${tid('hex-cursor')}`).getAttribute('aria-live'), 'polite');
      // axe on every byte of a long step (the server's certificate: all six field colours), with
      // a field lit and the cursor on, in both schemes: what the walk above leaves out
      const before = found.length; const runs0 = runs;
      await page.click('[data-testid^="step-"][data-key="issue_server_cert"] button');
      await page.waitForSelector('li.is-current[data-key="issue_server_cert"]');
      await page.locator(hex).focus();
      await page.keyboard.press('ArrowDown');
      for (let c = 0; c < 6; c++) assert.ok(await page.locator(`${hex} .b.c${c}`).count() > 0, `colour c${c} shown`);
      assert.ok(await page.locator(`${hex} .b.lit`).count() > 0 && await page.locator(`${hex} .b.cursor`).count() === 1);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await axe(`hex view/${scheme}/issue_server_cert`, null, { include: `${tid('detail')} .bytes`, skipBytes: false });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      report('hex view', before, runs0);
      assert.equal(found.length - before, 0, `${found.length - before} violations in the hex view`);
      assert.deepEqual(errors, []);
    }],
    ['screenshots: the diagram with keyboard focus, 1280 and 390 px, en and ko', async () => {
      for (const lang of ['en', 'ko']) {
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: 900 });
          await load(`&lang=${lang}&step=3`);
          await tabInto(tid('diagram'));
          await page.keyboard.press('ArrowDown');
          await page.waitForFunction(() => document.activeElement?.dataset.step === '4');
          await page.locator(tid('diagram')).screenshot({ path: path.join(OUT, `issue11-a11y-diagram-${lang}-${width}.png`) });
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }],
  ]);
} finally {
  await browser.close();
}
