// record.mjs: the Hansard editor's screen and the public record, in headless
// Chromium over the demo parliament at $BASE_URL:
//   - two editors ($EDITOR_USER and $EDITOR2_USER, role editor) open the
//     same sitting's editing screen in Arabic; the first edits a speech and
//     its autosave stores it (no button pressed), with the new version;
//   - the second, whose page still holds the old version, edits the same
//     speech and saves with Ctrl+S: the server refuses the stale version and
//     the conflict dialog shows the first editor's saved text beside the
//     second's; "keep my version" saves the second's text over it;
//   - the first editor, now stale in turn, types again: the dialog comes
//     back, and "take their version" puts the saved text in the box;
//   - Alt+N moves to the next speech's text by keyboard;
//   - the public record of the sitting (published by run.sh as edition 1)
//     never shows the editors' unpublished words, and axe-core finds no
//     serious or critical violation on it, on a speech's permalink and on
//     the printable view, in Arabic and English.
// Prints one TAP line per check on stdout, details on stderr; exits
// non-zero when a check failed. Screenshots: $SHOTS_DIR/record-edit-ar.png,
// record-conflict-ar.png, record-public-ar.png.
//
// Environment: BASE_URL, SHOTS_DIR, CHROMIUM, EDITOR_USER, EDITOR_PASSWORD,
// EDITOR2_USER, EDITOR2_PASSWORD, SITTING_ID (a sitting with a published
// edition; required).
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const SHOTS = process.env.SHOTS_DIR || 'build/screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ED1 = process.env.EDITOR_USER || 'editor1';
const ED1_PW = process.env.EDITOR_PASSWORD || '';
const ED2 = process.env.EDITOR2_USER || 'editor2';
const ED2_PW = process.env.EDITOR2_PASSWORD || '';
const SITTING = Number(process.env.SITTING_ID || 0);
const STEP_MS = 10000;
const SAVE_MS = 8000;     // autosave waits 2 s after typing, then one request
const TOTAL_MS = 150000;
const MARK1 = 'تعديلالمحررالأول';
const MARK2 = 'تعديلالمحررالثاني';
const MARK3 = 'محاولةثالثة';

let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log(`ok - ${name}`);
  else {
    failed++;
    console.log(`not ok - ${name}`);
    if (detail !== undefined) {
      const d = typeof detail === 'string' ? detail : JSON.stringify(detail);
      console.error(`# ${name}: ${d}`);
      console.log(`# ${d.split('\n')[0].slice(0, 300)}`);
    }
  }
  return !!cond;
}
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(`${name} (${String(e && e.message || e).split('\n')[0]})`, false, String(e && e.stack || e));
  }
}
const watchdog = setTimeout(() => {
  console.log(`not ok - record browser test timed out after ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

if (!check('EDITOR_PASSWORD, EDITOR2_PASSWORD and SITTING_ID are set', !!ED1_PW && !!ED2_PW && SITTING > 0)) process.exit(1);
mkdirSync(SHOTS, { recursive: true });

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.log(`not ok - launch ${CHROMIUM} headless (${String(e.message || e).split('\n')[0]})`);
  process.exit(1);
}

async function newPage(opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ar', ...opts });
  await context.addCookies([{ name: 'lang', value: 'ar', url: BASE }]);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.setDefaultNavigationTimeout(STEP_MS);
  page.on('pageerror', (e) => console.error(`# page error: ${e.message}`));
  return { context, page };
}
async function signIn(page, name, password) {
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form[action="/login"] button[type="submit"]').click()]);
  return new URL(page.url()).pathname === '/account';
}
async function until(page, fn, arg, ms = SAVE_MS) {
  try {
    const h = await page.waitForFunction(fn, arg, { timeout: ms, polling: 100 });
    return await h.jsonValue();
  } catch (e) {
    return null;
  }
}
// The speech as the API gives it to a signed-in editor (text and version).
async function apiSpeech(page, id) {
  return page.evaluate(async (sid) => {
    const r = await fetch(`/api/v1/speeches/${sid}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return r.ok ? r.json() : { status: r.status };
  }, id);
}

const EDIT = `${BASE}/sittings/${SITTING}/record/edit?take=all`;
const e1 = await newPage();
const e2 = await newPage();
const p1 = e1.page, p2 = e2.page;
let speechId = 0, nextId = 0, v0 = 0;

await step('the editors sign in and open the editing screen', async () => {
  check('editor 1 signs in', await signIn(p1, ED1, ED1_PW));
  check('editor 2 signs in', await signIn(p2, ED2, ED2_PW));
  await p1.goto(EDIT, { waitUntil: 'load' });
  await p2.goto(EDIT, { waitUntil: 'load' });
  const ids = await p1.$$eval('article.ed-speech', (as) => as.map((a) => Number(a.getAttribute('data-speech'))));
  check('the editing screen lists the speeches', ids.length >= 2, ids);
  speechId = ids[0];
  nextId = ids[1];
  v0 = Number(await p1.getAttribute(`#sp-${speechId}`, 'data-version'));
  check('right to left, in Arabic', (await p1.getAttribute('html', 'dir')) === 'rtl');
  check('the machine draft column and the editable text are there',
    (await p1.locator(`#sp-${speechId} .ed-draft`).count()) === 1 && (await p1.locator(`#tx-${speechId}`).count()) === 1);
  await p1.screenshot({ path: join(SHOTS, 'record-edit-ar.png'), fullPage: false });
});

await step('editor 1 edits; autosave stores it', async () => {
  const box = p1.locator(`#tx-${speechId}`);
  await box.click();
  await box.press('End');
  await box.type(` ${MARK1}`);
  const saved = await until(p1, (id) => {
    const s = document.querySelector(`#sp-${id} .ed-state`);
    return s && s.classList.contains('saved') ? s.textContent : null;
  }, speechId);
  check('the state says saved, without pressing a button', !!saved, saved);
  const sp = await apiSpeech(p1, speechId);
  check('the server has editor 1\'s text', typeof sp.text === 'string' && sp.text.includes(MARK1), sp);
  check('the version went up by one', sp.version === v0 + 1, { v0, now: sp.version });
  check('the page holds the new version', Number(await p1.getAttribute(`#sp-${speechId}`, 'data-version')) === v0 + 1);
});

await step('editor 2, stale, gets the conflict dialog', async () => {
  const box = p2.locator(`#tx-${speechId}`);
  await box.click();
  await box.press('End');
  await box.type(` ${MARK2}`);
  await box.press('Control+s');
  const open = await until(p2, () => {
    const d = document.getElementById('conflict');
    return d && d.open ? true : null;
  });
  check('Ctrl+S on a stale version opens the conflict dialog', !!open);
  const theirs = await p2.locator('#conflict .cf-theirs').textContent();
  const mine = await p2.locator('#conflict .cf-mine').textContent();
  check('the dialog shows the other editor\'s saved text', theirs.includes(MARK1) && !theirs.includes(MARK2), theirs);
  check('and our unsaved text beside it', mine.includes(MARK2) && !mine.includes(MARK1), mine);
  await p2.screenshot({ path: join(SHOTS, 'record-conflict-ar.png') });
  const sp = await apiSpeech(p2, speechId);
  check('nothing was overwritten meanwhile', sp.text.includes(MARK1) && !sp.text.includes(MARK2) && sp.version === v0 + 1, sp);
  await p2.locator('#conflict .cf-keep-mine').click();
  const saved = await until(p2, (id) => {
    const s = document.querySelector(`#sp-${id} .ed-state`);
    return s && s.classList.contains('saved') ? true : null;
  }, speechId);
  check('"keep my version" saves it', !!saved);
  const sp2 = await apiSpeech(p2, speechId);
  check('the server now has editor 2\'s text, one version later', sp2.text.includes(MARK2) && sp2.version === v0 + 2, sp2);
});

await step('editor 1, stale in turn, takes the other version', async () => {
  const box = p1.locator(`#tx-${speechId}`);
  await box.click();
  await box.press('End');
  await box.type(` ${MARK3}`);
  const open = await until(p1, () => {
    const d = document.getElementById('conflict');
    return d && d.open ? true : null;
  });
  check('autosave on a stale version opens the dialog', !!open);
  await p1.locator('#conflict .cf-take-theirs').click();
  const val = await box.inputValue();
  check('"take their version" puts the saved text in the box', val.includes(MARK2) && !val.includes(MARK3), val.slice(-120));
  const sp = await apiSpeech(p1, speechId);
  check('and writes nothing', sp.version === v0 + 2 && !sp.text.includes(MARK3), sp);
  check('the page holds the current version', Number(await p1.getAttribute(`#sp-${speechId}`, 'data-version')) === v0 + 2);
});

await step('Alt+N goes to the next speech', async () => {
  await p1.locator(`#tx-${speechId}`).focus();
  await p1.keyboard.press('Alt+KeyN');
  const id = await p1.evaluate(() => document.activeElement && document.activeElement.id);
  check('focus is in the next speech\'s text', id === `tx-${nextId}`, id);
});

// ---- the public record: published text only, and accessible ----
const pub = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar', bypassCSP: true });
const pp = await pub.newPage();
pp.setDefaultTimeout(STEP_MS);
await step('the public record shows no unpublished words', async () => {
  await pub.addCookies([{ name: 'lang', value: 'ar', url: BASE }]);
  for (const path of [`/sittings/${SITTING}/record`, `/speeches/${speechId}`, `/sittings/${SITTING}/record/print`, `/sittings/${SITTING}`]) {
    const res = await pp.goto(`${BASE}${path}`, { waitUntil: 'load' });
    const body = await pp.content();
    check(`${path}: 200, without the editors' words`, res.status() === 200 && !body.includes(MARK1) && !body.includes(MARK2),
      res.status());
  }
  await pp.goto(`${BASE}/sittings/${SITTING}/record`, { waitUntil: 'load' });
  await pp.screenshot({ path: join(SHOTS, 'record-public-ar.png'), fullPage: false });
});

async function axe(label, path, lang) {
  await pub.addCookies([{ name: 'lang', value: lang, url: BASE }]);
  await pp.goto(`${BASE}${path}`, { waitUntil: 'load' });
  await pp.addScriptTag({ path: AXE_PATH });
  const violations = await pp.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, target: v.nodes[0] ? v.nodes[0].target.join(' ') : '' }));
  }, AXE_TAGS);
  const dups = await pp.evaluate(() => {
    const count = new Map();
    for (const e of document.querySelectorAll('[id]')) count.set(e.id, (count.get(e.id) || 0) + 1);
    return [...count].filter(([, n]) => n > 1).map(([id]) => id);
  });
  for (const id of dups) violations.push({ id: 'duplicate-id', impact: 'serious', help: 'ids must be unique', target: id });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) console.log(`# ${label} ${lang}: ${v.id} [${v.impact}] ${v.target}: ${v.help}`);
  check(`axe: ${label} (${lang}) has no serious or critical violations`, bad.length === 0, bad);
}
for (const lang of ['ar', 'en']) {
  await step(`axe on the record pages (${lang})`, async () => {
    await axe('the public record', `/sittings/${SITTING}/record`, lang);
    await axe('a speech\'s permalink', `/speeches/${speechId}`, lang);
    await axe('the printable view', `/sittings/${SITTING}/record/print`, lang);
  });
}

clearTimeout(watchdog);
await browser.close();
process.exit(failed ? 1 : 0);
