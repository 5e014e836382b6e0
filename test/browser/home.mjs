// home.mjs: drives Debian's headless Chromium through playwright-core over
// the demo parliament at $BASE_URL, as a reader would: the Arabic home page,
// the language switcher, a sitting page. Prints one TAP line per check
// ("ok - ..." / "not ok - ...") on stdout, details on stderr, and exits
// non-zero when any check failed. Screenshots (full page) go to $SHOTS_DIR
// (default build/screenshots): home-ar.png, home-en.png, sitting-ar.png.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const SHOTS = process.env.SHOTS_DIR || 'build/screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 10000;   // one navigation or wait
const TOTAL_MS = 90000;  // the whole test

let failed = 0;
let count = 0;
function check(name, cond, detail) {
  count++;
  if (cond) {
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    if (detail !== undefined) console.error(`# ${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
  return !!cond;
}
// Runs one step; an exception in it is one failed check, and the steps after
// it still run (each starts from a known URL where it matters).
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(`${name} (${String(e && e.message || e).split('\n')[0]})`, false, String(e && e.stack || e));
  }
}

const watchdog = setTimeout(() => {
  console.log(`not ok - browser test timed out after ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

mkdirSync(SHOTS, { recursive: true });

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.log(`not ok - launch ${CHROMIUM} headless (${String(e.message || e).split('\n')[0]})`);
  console.error(String(e.stack || e));
  process.exit(1);
}

// An Arabic-speaking reader: Accept-Language ar. The language cookie must
// then win over it once English is chosen.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ar' });
const page = await context.newPage();
page.setDefaultTimeout(STEP_MS);
page.setDefaultNavigationTimeout(STEP_MS);

// Everything the page complains about: console errors (Chromium reports CSP
// violations there too), uncaught exceptions, securitypolicyviolation events,
// failed requests and HTTP errors for the page's own resources.
const consoleErrors = [];
const pageErrors = [];
const cspViolations = [];
const badResponses = [];
page.on('console', (msg) => {
  const text = msg.text();
  if (text.startsWith('majlis-csp-violation ')) { cspViolations.push(text.slice(21)); return; }
  if (msg.type() === 'error') {
    const where = msg.location() && msg.location().url;
    consoleErrors.push(`${text}${where ? ` (${where})` : ''} on ${page.url()}`);
  }
  if (/Content Security Policy/i.test(text)) cspViolations.push(text);
});
page.on('pageerror', (err) => pageErrors.push(`${err.message} @ ${page.url()}`));
page.on('requestfailed', (req) => {
  const f = req.failure();
  // The live-events stream is cut when the page navigates away: not a fault.
  if (f && /ERR_ABORTED/.test(f.errorText) && /\/api\/v1\/events/.test(req.url())) return;
  badResponses.push(`${req.url()}: ${f ? f.errorText : 'failed'}`);
});
page.on('response', (res) => {
  if (res.status() >= 400) badResponses.push(`${res.url()}: HTTP ${res.status()}`);
});
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.log(`majlis-csp-violation ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || document.URL}`);
  });
});

async function htmlAttrs() {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    bodyDir: getComputedStyle(document.body).direction,
  }));
}
async function boxes() {
  const brand = await page.locator('header.site .brand').boundingBox();
  const nav = await page.locator('header.site nav').boundingBox();
  return { brand, nav };
}
async function noHorizontalOverflow() {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}
// Clicks a submit button of the language form and waits for the page it
// redirects to (POST /lang, 303, then GET of the page it came from).
async function switchLanguage(label) {
  const btn = page.locator('header.site form.langs button', { hasText: label });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), btn.click()]);
}
async function langCookie() {
  const c = (await context.cookies(BASE)).find((x) => x.name === 'lang');
  return c ? c.value : null;
}

// ---- the Arabic home page ----
await step('Arabic home page loads', async () => {
  const res = await page.goto(`${BASE}/`, { waitUntil: 'load' });
  check('home page answers 200', res && res.status() === 200, res && res.status());
  const a = await htmlAttrs();
  check('home page is Arabic (html lang=ar dir=rtl)', a.lang === 'ar' && a.dir === 'rtl', a);
  check('computed direction of body is rtl', a.bodyDir === 'rtl', a);
  const langs = page.locator('header.site form.langs');
  const n = await langs.locator('button').count();
  check('language switcher is visible in the header', (await langs.isVisible()) && n === 3,
    { visible: await langs.isVisible(), buttons: n });
  const cur = await langs.locator('button[aria-current="true"]').getAttribute('value');
  check('switcher marks العربية as the current language', cur === 'ar', cur);
  const { brand, nav } = await boxes();
  check('brand is right of the nav in Arabic (RTL header)', brand && nav && brand.x > nav.x, { brand, nav });
  const ov = await noHorizontalOverflow();
  check('Arabic home has no horizontal overflow', ov.scrollWidth <= ov.clientWidth, ov);
  await page.screenshot({ path: join(SHOTS, 'home-ar.png'), fullPage: true });
});

// ---- English ----
await step('switch to English', async () => {
  await switchLanguage('English');
  const a = await htmlAttrs();
  check('clicking "English" gives an English page (lang=en dir=ltr)', a.lang === 'en' && a.dir === 'ltr', a);
  check('computed direction of body is ltr in English', a.bodyDir === 'ltr', a);
  check('the switch returns to the home page', new URL(page.url()).pathname === '/', page.url());
  const { brand, nav } = await boxes();
  check('brand is left of the nav in English', brand && nav && brand.x < nav.x, { brand, nav });
  const ov = await noHorizontalOverflow();
  check('English home has no horizontal overflow', ov.scrollWidth <= ov.clientWidth, ov);
  check('lang cookie is set to en', (await langCookie()) === 'en', await langCookie());
  await page.screenshot({ path: join(SHOTS, 'home-en.png'), fullPage: true });
});

await step('English persists on reload', async () => {
  await page.reload({ waitUntil: 'load' });
  const a = await htmlAttrs();
  check('English persists on reload (cookie)', a.lang === 'en' && a.dir === 'ltr', a);
});

let sittingHref = null;
await step('English persists on /sittings', async () => {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('header.site nav a[href="/sittings"]').click()]);
  check('nav link leads to /sittings', new URL(page.url()).pathname === '/sittings', page.url());
  const a = await htmlAttrs();
  check('English persists on navigating to /sittings', a.lang === 'en' && a.dir === 'ltr', a);
  const links = page.locator('ul.sittings li.status-closed a[href^="/sittings/"]');
  check('/sittings lists sittings', (await links.count()) > 0, await links.count());
  sittingHref = await links.first().getAttribute('href');
});

// ---- a sitting page, then back to Arabic ----
await step('sitting page', async () => {
  if (!sittingHref) { await page.goto(`${BASE}/sittings`); sittingHref = '/sittings/1'; }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator(`ul.sittings a[href="${sittingHref}"]`).first().click()]);
  check('clicking a sitting link opens its page', new URL(page.url()).pathname === sittingHref,
    { url: page.url(), expected: sittingHref });
  const h = page.locator('main h2#agenda');
  check('sitting page has a visible agenda heading', await h.isVisible(), await h.count());
  const items = await page.locator('main ol.agenda li').count();
  check('sitting page lists agenda items', items > 0, items);
});

await step('switch back to Arabic', async () => {
  const before = new URL(page.url()).pathname;
  await switchLanguage('العربية');
  const a = await htmlAttrs();
  check('clicking "العربية" gives an Arabic page again (lang=ar dir=rtl)', a.lang === 'ar' && a.dir === 'rtl', a);
  check('the switch stays on the sitting page', new URL(page.url()).pathname === before,
    { url: page.url(), expected: before });
  check('lang cookie is set to ar', (await langCookie()) === 'ar', await langCookie());
  const heading = (await page.locator('main h2#agenda').textContent() || '').trim();
  check('agenda heading is in Arabic', /[\u0600-\u06FF]/.test(heading), heading);
  const { brand, nav } = await boxes();
  check('brand is right of the nav on the Arabic sitting page', brand && nav && brand.x > nav.x, { brand, nav });
  const ov = await noHorizontalOverflow();
  check('Arabic sitting page has no horizontal overflow', ov.scrollWidth <= ov.clientWidth, ov);
  // Let the live-events script connect (EventSource under the page's CSP).
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SHOTS, 'sitting-ar.png'), fullPage: true });
});

// ---- what the browser reported along the way ----
check(`no console errors${consoleErrors.length ? ` (${consoleErrors.length}, first: ${consoleErrors[0]})` : ''}`,
  consoleErrors.length === 0, consoleErrors);
check('no uncaught page errors', pageErrors.length === 0, pageErrors);
check('no CSP violations', cspViolations.length === 0, cspViolations);
check('no failed requests or HTTP errors', badResponses.length === 0, badResponses);

await browser.close();
clearTimeout(watchdog);
console.error(`# ${count} checks, ${failed} failed; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);
