// login.mjs: drives Debian's headless Chromium through playwright-core over
// the demo parliament at $BASE_URL as its administrator would, in Arabic:
// the sign-in page, password + a TOTP code computed here, the account page,
// the users and audit screens, signing out, the same TOTP code again
// (refused), a recovery code (once only) and the sign-in form by keyboard
// alone. Prints one TAP line per check
// ("ok - ..." / "not ok - ...") on stdout, details on stderr, and exits
// non-zero when any check failed. Screenshots (full page) go to $SHOTS_DIR
// (default build/screenshots): login-ar.png, login-error-ar.png,
// account-ar.png, admin-users-ar.png, audit-ar.png.
//
// Environment: BASE_URL, ADMIN_PASSWORD, ADMIN_TOTP_SECRET (base32, as
// printed by `majlis user totp admin`), ADMIN_RECOVERY_CODE (one unused
// recovery code of admin), SHOTS_DIR, CHROMIUM.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const SHOTS = process.env.SHOTS_DIR || 'build/screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN = 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || '';
const ADMIN_TOTP_SECRET = process.env.ADMIN_TOTP_SECRET || '';
const ADMIN_RECOVERY_CODE = process.env.ADMIN_RECOVERY_CODE || '';
const STEP_MS = 10000;   // one navigation or wait
const TOTAL_MS = 90000;  // the whole test

// What the Arabic pages say (assets/po/ar.po).
const AR = {
  userName: 'اسم المستخدم',
  password: 'كلمة المرور',
  code: 'رمز التحقق',
  signIn: 'تسجيل الدخول',
  signOut: 'تسجيل الخروج',
  wrong: 'اسم المستخدم أو كلمة المرور أو الرمز غير صحيح.',
  roles: 'الأدوار',
  administrator: 'مدير النظام',
  totpOn: 'الدخول بعاملين مفعّل.',
  users: 'المستخدمون',
  audit: 'سجل التدقيق',
  usersAndRoles: 'المستخدمون والأدوار',
  createUser: 'إنشاء مستخدم',
};
const NEW_USER = 'clerk_browser';
const NEW_USER_PASSWORD = 'Qalam-7-Daftar-Jalsa';

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
// it still run (each starts from a known URL).
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(`${name} (${String(e && e.message || e).split('\n')[0]})`, false, String(e && e.stack || e));
  }
}

// ---- TOTP (RFC 6238 over RFC 4226), computed here, not by the server ----
function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.replace(/[\s=-]/g, '').toUpperCase();
  const out = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}
const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);
const totp = (key, ms = Date.now()) => hotp(key, totpStep(ms));

const watchdog = setTimeout(() => {
  console.log(`not ok - login browser test timed out after ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

// The computation itself, against RFC 6238's SHA-1 vectors (the secret is
// "12345678901234567890", base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ; 8 digits
// 94287082 at T=59 s, 07081804 at T=1111111109 s).
{
  const k = base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  const got = [k.toString('latin1'), hotp(k, 1, 8), hotp(k, 37037036, 8), hotp(k, 1)];
  const want = ['12345678901234567890', '94287082', '07081804', '287082'];
  check('TOTP code computation matches the RFC 6238 test vectors', JSON.stringify(got) === JSON.stringify(want),
    { got, want });
}
const missing = ['ADMIN_PASSWORD', 'ADMIN_TOTP_SECRET', 'ADMIN_RECOVERY_CODE'].filter((v) => !process.env[v]);
if (!check('ADMIN_PASSWORD, ADMIN_TOTP_SECRET and ADMIN_RECOVERY_CODE are set', missing.length === 0,
  `missing: ${missing.join(', ')}`)) {
  process.exit(1);
}
let totpKey;
try {
  totpKey = base32Decode(ADMIN_TOTP_SECRET);
} catch (e) {
  check('ADMIN_TOTP_SECRET is base32', false, String(e.message || e));
  process.exit(1);
}

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

// An Arabic-speaking administrator: Accept-Language ar, no language cookie.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ar' });
const page = await context.newPage();
page.setDefaultTimeout(STEP_MS);
page.setDefaultNavigationTimeout(STEP_MS);

// Everything the page complains about (as in home.mjs). A refused sign-in is
// answered 401 on purpose: those, and Chromium's console line about them, are
// counted separately and must match the refusals the test provoked.
const consoleErrors = [];
const pageErrors = [];
const cspViolations = [];
const badResponses = [];
const refusedLogins = [];       // 401 answers to POST /login
const refusedLoginConsole = []; // Chromium's "Failed to load resource ... 401" for them
let expectedRefusals = 0;
page.on('console', (msg) => {
  const text = msg.text();
  if (text.startsWith('majlis-csp-violation ')) { cspViolations.push(text.slice(21)); return; }
  if (msg.type() === 'error') {
    const where = msg.location() && msg.location().url;
    if (where === `${BASE}/login` && /status of 401/.test(text)) { refusedLoginConsole.push(text); return; }
    consoleErrors.push(`${text}${where ? ` (${where})` : ''} on ${page.url()}`);
  }
  if (/Content Security Policy/i.test(text)) cspViolations.push(text);
});
page.on('pageerror', (err) => pageErrors.push(`${err.message} @ ${page.url()}`));
page.on('requestfailed', (req) => {
  const f = req.failure();
  badResponses.push(`${req.method()} ${req.url()}: ${f ? f.errorText : 'failed'}`);
});
page.on('response', (res) => {
  if (res.status() === 401 && res.request().method() === 'POST' && res.url() === `${BASE}/login`) {
    refusedLogins.push(res.url());
    return;
  }
  if (res.status() >= 400) badResponses.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
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
  }));
}
const path = () => new URL(page.url()).pathname;
const text = async (loc) => ((await loc.count()) ? (await loc.first().textContent() || '').replace(/\s+/g, ' ').trim() : null);
async function sessionCookie() {
  return (await context.cookies(BASE)).find((c) => c.name === 'mj_session') || null;
}
// Clicks something that navigates; returns the response of the navigation
// (after redirects: the page finally shown).
async function clickAndWait(locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}
// Fills and submits the sign-in form; returns the final response.
async function signIn(name, password, code) {
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  await page.locator('#code').fill(code || '');
  return clickAndWait(page.locator('main form[action="/login"] button[type="submit"]'));
}
async function errorMessage() {
  return text(page.locator('main p.error-msg[role="alert"]'));
}
// A refused sign-in: answered 401, still on /login, the Arabic message, no session.
async function expectRefused(what, res) {
  expectedRefusals++;
  check(`${what}: answered 401`, res && res.status() === 401, res && res.status());
  check(`${what}: stays on /login`, path() === '/login', page.url());
  const msg = await errorMessage();
  check(`${what}: shows "${AR.wrong}"`, msg === AR.wrong, msg);
  const c = await sessionCookie();
  check(`${what}: no session cookie`, !c || !c.value, c);
}
async function signOut() {
  if (path() !== '/account') await page.goto(`${BASE}/account`, { waitUntil: 'load' });
  return clickAndWait(page.locator('main form[action="/logout"] button[type="submit"]'));
}
// Waits, bounded, until at least `margin` seconds remain in the current TOTP
// step, so that a code is not computed a moment before the step changes.
async function awayFromStepEdge(margin = 3) {
  const left = 30 - (Date.now() / 1000) % 30;
  if (left < margin) await page.waitForTimeout(Math.min(left + 0.2, margin + 1) * 1000);
}

// ---- 1. the sign-in page in Arabic; a wrong password ----
await step('Arabic sign-in page', async () => {
  const res = await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  check('/login answers 200', res && res.status() === 200, res && res.status());
  const a = await htmlAttrs();
  check('/login is Arabic (html lang=ar dir=rtl)', a.lang === 'ar' && a.dir === 'rtl', a);
  const labels = {
    name: await text(page.locator('label[for="name"]')),
    password: await text(page.locator('label[for="password"]')),
    code: await text(page.locator('label[for="code"]')),
    submit: await text(page.locator('main form[action="/login"] button[type="submit"]')),
  };
  check('/login labels and button are in Arabic',
    labels.name === AR.userName && labels.password === AR.password && labels.code === AR.code &&
    labels.submit === AR.signIn, labels);
  check('/login heading is in Arabic', (await text(page.locator('main h1'))) === AR.signIn,
    await text(page.locator('main h1')));
  check('no session cookie before signing in', !(await sessionCookie()), await sessionCookie());
  await page.screenshot({ path: join(SHOTS, 'login-ar.png'), fullPage: true });
});

await step('wrong password', async () => {
  const res = await signIn(ADMIN, `${ADMIN_PASSWORD}-wrong`, '');
  await expectRefused('wrong password', res);
  check('wrong password: the page is still Arabic', (await htmlAttrs()).lang === 'ar', await htmlAttrs());
  check('wrong password: the user name is kept in the form', (await page.locator('#name').inputValue()) === ADMIN,
    await page.locator('#name').inputValue());
  check('wrong password: the password is not echoed back', (await page.locator('#password').inputValue()) === '');
  await page.screenshot({ path: join(SHOTS, 'login-error-ar.png'), fullPage: true });
});

// ---- 2. the right password with a wrong code ----
await step('wrong TOTP code', async () => {
  await awayFromStepEdge();
  const s = totpStep();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => hotp(totpKey, s + d)));
  let wrong = hotp(totpKey, s);
  while (valid.has(wrong)) wrong = String((Number(wrong) + 137) % 1000000).padStart(6, '0');
  const res = await signIn(ADMIN, ADMIN_PASSWORD, wrong);
  await expectRefused('right password with a wrong TOTP code', res);
});

// ---- 3. the right password with the right code ----
let signedIn = false;
let usedCode = null;     // the TOTP code that signed in, and when
let usedAt = 0;
await step('sign in with TOTP', async () => {
  await awayFromStepEdge();
  usedCode = totp(totpKey);
  usedAt = Date.now();
  const res = await signIn(ADMIN, ADMIN_PASSWORD, usedCode);
  signedIn = check('password + computed TOTP code signs in and lands on /account', path() === '/account',
    { url: page.url(), status: res && res.status(), error: await errorMessage() });
  if (!signedIn) return;
  check('/account answers 200', res && res.status() === 200, res && res.status());
  const a = await htmlAttrs();
  check('/account is Arabic (html lang=ar dir=rtl)', a.lang === 'ar' && a.dir === 'rtl', a);
  const facts = await page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('main dl.facts dt')].map((dt) => [dt.textContent.trim(),
      (dt.nextElementSibling && dt.nextElementSibling.textContent || '').trim()])));
  check(`/account lists the role "${AR.administrator}" under ${AR.roles}`,
    (facts[AR.roles] || '').split(/[،,]\s*/).includes(AR.administrator), facts);
  const tfa = await text(page.locator('main section[aria-labelledby="tfa"] p'));
  check(`/account says "${AR.totpOn}"`, tfa === AR.totpOn, tfa);
  check('/account lists this session', (await page.locator('main section[aria-labelledby="sess"] tbody tr').count()) >= 1);
  check('/account has the API tokens section',
    (await page.locator('main section[aria-labelledby="tok"] form[action="/account/tokens"]').count()) === 1);
  const signOutLabel = await text(page.locator('main form[action="/logout"] button'));
  check(`/account has a "${AR.signOut}" button`, signOutLabel === AR.signOut, signOutLabel);
  const nav = {
    users: await text(page.locator('header.site nav a[href="/admin/users"]')),
    audit: await text(page.locator('header.site nav a[href="/admin/audit"]')),
    me: await text(page.locator('header.site nav a.me[href="/account"]')),
    signIn: await page.locator('header.site nav a[href="/login"]').count(),
  };
  check(`header links to ${AR.users} and ${AR.audit} once signed in`,
    nav.users === AR.users && nav.audit === AR.audit, nav);
  check('header links to the account instead of the sign-in page', !!nav.me && nav.signIn === 0, nav);
  const c = await sessionCookie();
  check('session cookie mj_session is set', !!(c && c.value), c && { ...c, value: '…' });
  check('session cookie is HttpOnly', !!(c && c.httpOnly), c && { ...c, value: '…' });
  check('session cookie is SameSite=Lax', !!(c && c.sameSite === 'Lax'), c && c.sameSite);
  const visible = await page.evaluate(() => document.cookie);
  check('session cookie is not readable from page scripts', !/mj_session/.test(visible), visible);
  await page.screenshot({ path: join(SHOTS, 'account-ar.png'), fullPage: true });
});

// ---- 4. a new user through /admin/users ----
await step('create a user', async () => {
  if (!signedIn) throw new Error('not signed in');
  await clickAndWait(page.locator('header.site nav a[href="/admin/users"]'));
  check('the header link opens /admin/users', path() === '/admin/users', page.url());
  check(`/admin/users heading is "${AR.usersAndRoles}"`, (await text(page.locator('main h1'))) === AR.usersAndRoles,
    await text(page.locator('main h1')));
  check('/admin/users lists admin', (await page.locator('main table.users tr#user-admin').count()) === 1);
  const form = page.locator('main form[action="/admin/users"]');
  await form.locator('#nu-name').fill(NEW_USER);
  await form.locator('#nu-ar').fill('كاتب الجلسات التجريبي');
  await form.locator('#nu-lat').fill('Browser Clerk');
  await form.locator('#nu-pw').fill(NEW_USER_PASSWORD);
  await form.locator('#new-clerk').check();
  const btn = form.locator('button[type="submit"]');
  check(`the new-user button says "${AR.createUser}"`, (await text(btn)) === AR.createUser, await text(btn));
  const res = await clickAndWait(btn);
  check('creating a user returns to /admin/users', path() === '/admin/users' && res && res.status() === 200,
    { url: page.url(), status: res && res.status(), body: res && res.status() !== 200 ? await text(page.locator('main')) : undefined });
  const row = page.locator(`main table.users tr#user-${NEW_USER}`);
  check(`the new user ${NEW_USER} is in the list`, (await row.count()) === 1, await row.count());
  check(`${NEW_USER} has the clerk role ticked`, await row.locator(`#${NEW_USER}-clerk`).isChecked());
  const others = await row.locator('input[name="role"]:checked').count();
  check(`${NEW_USER} has no other role`, others === 1, others);
  check(`${NEW_USER}'s Arabic name is shown`, (await text(row.locator('td').nth(1))) === 'كاتب الجلسات التجريبي',
    await text(row.locator('td').nth(1)));
  await page.screenshot({ path: join(SHOTS, 'admin-users-ar.png'), fullPage: true });
});

// ---- 5. the audit trail ----
async function auditRows() {
  return page.evaluate(() => [...document.querySelectorAll('main table.audit tbody tr')].map((tr) => {
    const td = [...tr.querySelectorAll('td')].map((x) => x.textContent.trim());
    return { id: td[0], at: td[1], user: td[2], address: td[3], action: td[4], object: td[5], summary: td[6] };
  }));
}
await step('audit trail', async () => {
  if (!signedIn) throw new Error('not signed in');
  await clickAndWait(page.locator('header.site nav a[href="/admin/audit"]'));
  check('the header link opens /admin/audit', path() === '/admin/audit', page.url());
  check(`/admin/audit heading is "${AR.audit}"`, (await text(page.locator('main h1'))) === AR.audit,
    await text(page.locator('main h1')));
  const rows = await auditRows();
  const login = rows.find((r) => r.action === 'auth.login' && r.user === ADMIN);
  check('the audit trail shows the sign-in (auth.login by admin)', !!login, rows.slice(0, 8));
  check('the sign-in entry says a TOTP code was used', !!login && /TOTP/.test(login.summary), login);
  const create = rows.find((r) => r.action === 'user.create' && r.summary.includes(NEW_USER));
  check(`the audit trail shows the creation of ${NEW_USER} (user.create)`, !!create, rows.slice(0, 8));
  check('the creation is attributed to admin', !!create && create.user === ADMIN, create);
  const failedLogins = rows.filter((r) => r.action === 'auth.login_failed').length;
  check('the audit trail shows the two refused sign-ins (auth.login_failed)', failedLogins >= 2, failedLogins);
  check('newest entries come first', !!login && !!create && Number(create.id) > Number(login.id), { login, create });
  await page.screenshot({ path: join(SHOTS, 'audit-ar.png'), fullPage: true });

  // the action filter
  const filters = page.locator('main form.filters');
  await filters.locator('input[name="action"]').fill('user.');
  await clickAndWait(filters.locator('button[type="submit"]'));
  const url = new URL(page.url());
  check('the filter form is a GET to /admin/audit', url.pathname === '/admin/audit' &&
    url.searchParams.get('action') === 'user.', page.url());
  const filtered = await auditRows();
  check('filtering by action "user." shows only user.* entries, the creation among them',
    filtered.length > 0 && filtered.every((r) => r.action.startsWith('user.')) &&
    filtered.some((r) => r.action === 'user.create' && r.summary.includes(NEW_USER)),
    filtered.map((r) => r.action));
  check('the filter keeps its value', (await filters.locator('input[name="action"]').inputValue()) === 'user.');
});

// ---- 6. signing out ----
await step('sign out', async () => {
  if (!signedIn) throw new Error('not signed in');
  await page.goto(`${BASE}/account`, { waitUntil: 'load' });
  await signOut();
  check('signing out leaves /account', path() !== '/account', page.url());
  const c = await sessionCookie();
  check('signing out removes the session cookie', !c || !c.value, c);
  check('the header offers to sign in again', (await page.locator('header.site nav a[href="/login"]').count()) === 1);
  check('the header no longer links to the admin screens',
    (await page.locator('header.site nav a[href^="/admin/"]').count()) === 0);
  await page.goto(`${BASE}/account`, { waitUntil: 'load' });
  const u = new URL(page.url());
  check('/account after signing out redirects to /login', u.pathname === '/login' && u.searchParams.get('next') === '/account',
    page.url());
});

// The code that signed in, once more: still inside the server's window of
// one step either side, so only the replay protection can refuse it.
await step('TOTP replay', async () => {
  if (!signedIn) throw new Error('not signed in');
  const age = (Date.now() - usedAt) / 1000;
  if (age > 25) throw new Error(`the code is ${age.toFixed(0)} s old, too old for a meaningful replay test`);
  const res = await signIn(ADMIN, ADMIN_PASSWORD, usedCode);
  await expectRefused('the same TOTP code a second time (replay)', res);
});

// ---- 7. a recovery code, once ----
await step('recovery code', async () => {
  let res = await signIn(ADMIN, ADMIN_PASSWORD, ADMIN_RECOVERY_CODE);
  const ok = check('password + a recovery code signs in (lands on /account)', path() === '/account',
    { url: page.url(), status: res && res.status(), error: await errorMessage() });
  if (!ok) return;
  check('session cookie is set after the recovery-code sign-in', !!(await sessionCookie()));
  await signOut();
  check('signed out again', !(await sessionCookie()), await sessionCookie());
  res = await signIn(ADMIN, ADMIN_PASSWORD, ADMIN_RECOVERY_CODE);
  await expectRefused('the same recovery code a second time', res);
});

// ---- 8. the sign-in form by keyboard alone ----
await step('keyboard only', async () => {
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  const active = () => page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e.tagName.toLowerCase(), id: e.id, type: e.getAttribute('type'),
      form: e.form ? e.form.getAttribute('action') : null };
  });
  const start = await active();
  check('focus starts outside the form (on the body)', start.tag === 'body', start);
  const before = [];
  let a = start;
  for (let i = 0; i < 40 && a.id !== 'name'; i++) {
    await page.keyboard.press('Tab');
    a = await active();
    before.push(a.id || `${a.tag}${a.form ? `[${a.form}]` : ''}`);
  }
  check('Tab from the top of the page reaches the user name field', a.id === 'name', before);
  const seq = [];
  await page.keyboard.type(ADMIN);
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    a = await active();
    seq.push(a);
    if (a.id === 'password') await page.keyboard.type(`${ADMIN_PASSWORD}-typed-wrong`);
  }
  check('Tab then moves to password, code and the sign-in button, in that order',
    seq[0].id === 'password' && seq[1].id === 'code' && seq[2].tag === 'button' && seq[2].type === 'submit' &&
    seq[2].form === '/login', seq);
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  check('Enter on the sign-in button submits the form', res && res.request().method() === 'POST',
    res && `${res.request().method()} ${res.url()}`);
  await expectRefused('keyboard sign-in with a wrong password', res);
  check('the typed user name came through', (await page.locator('#name').inputValue()) === ADMIN,
    await page.locator('#name').inputValue());
});

// ---- 9. what the browser reported along the way ----
check(`no console errors${consoleErrors.length ? ` (${consoleErrors.length}, first: ${consoleErrors[0]})` : ''}`,
  consoleErrors.length === 0, consoleErrors);
check('no uncaught page errors', pageErrors.length === 0, pageErrors);
check('no CSP violations', cspViolations.length === 0, cspViolations);
check('no failed requests or unexpected HTTP errors', badResponses.length === 0, badResponses);
check(`HTTP 401 only for the ${expectedRefusals} refused sign-ins`, refusedLogins.length === expectedRefusals,
  { refusedLogins: refusedLogins.length, expectedRefusals });
check('console 401 messages only for the refused sign-ins', refusedLoginConsole.length <= expectedRefusals,
  refusedLoginConsole);

await browser.close();
clearTimeout(watchdog);
console.error(`# ${count} checks, ${failed} failed; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);
