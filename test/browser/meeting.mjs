// meeting.mjs: a sitting run end to end through the eMeeting screens, in
// Arabic, in three headless Chromium contexts at once over the demo
// parliament at $BASE_URL:
//   - the clerk and presiding officer ($CLERK_USER, roles clerk,presiding)
//     opens a scheduled sitting from the presiding console, checks members
//     in from the management page until there is a quorum, takes up an
//     item, gives the floor, opens a vote, closes it, and has the minutes
//     generated and approved;
//   - a member ($MEMBER_USER, linked to a member of the chamber) checks in
//     on the tablet, asks for the floor, loses the connection for a while
//     and catches up without reloading, then votes Yes with the large
//     button, by keyboard;
//   - the public (anonymous) follows the live screen, which must show the
//     quorum, the speaker, the ballot count and the result as they happen,
//     without reloading.
// Prints one TAP line per check ("ok - ..." / "not ok - ...") on stdout,
// details on stderr, and exits non-zero when any check failed.
// Screenshots (full page) go to $SHOTS_DIR (default build/screenshots):
// console-ar.png, tablet-ar.png, live-ar.png, live-speaker-ar.png, manage-ar.png,
// minutes-ar.png.
//
// Environment: BASE_URL, SHOTS_DIR, CHROMIUM, CLERK_USER, CLERK_PASSWORD,
// MEMBER_USER, MEMBER_PASSWORD, SITTING_ID (optional: the first scheduled
// upcoming sitting otherwise).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const SHOTS = process.env.SHOTS_DIR || 'build/screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CLERK = process.env.CLERK_USER || 'clerk1';
const CLERK_PASSWORD = process.env.CLERK_PASSWORD || '';
const MEMBER = process.env.MEMBER_USER || 'member1';
const MEMBER_PASSWORD = process.env.MEMBER_PASSWORD || '';
const STEP_MS = 10000;   // one navigation or wait
const LIVE_MS = 6000;    // how long a live update may take to show
const TOTAL_MS = 180000; // the whole test

// What the Arabic screens say (assets/po/ar.po).
const AR = {
  openSitting: 'افتتاح الجلسة',
  inProgress: 'منعقدة الآن',
  checkIn: 'تسجيل الحضور',
  present: 'حاضر',
  quorumMet: 'النصاب مكتمل',
  noQuorum: 'النصاب غير مكتمل',
  takeUp: 'طرح البند',
  requestToSpeak: 'طلب الكلمة',
  nextSpeaker: 'المتحدث التالي',
  openVote: 'فتح التصويت',
  closeVote: 'إغلاق التصويت',
  yes: 'نعم',
  no: 'لا',
  abstain: 'امتناع',
  passed: 'أُقر',
  yourVote: 'صوتك',
  voteOpen: 'تصويت مفتوح:',
  voteClosed: 'أُغلق التصويت:',
  lost: 'انقطع الاتصال؛ جارٍ إعادة الاتصال…',
  live: 'مباشر',
  generate: 'إعداد المحضر',
  approve: 'اعتماد هذا المحضر',
  approvedMinutes: 'المحضر المعتمد',
};

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
// One step; an exception in it is one failed check, and the steps after it
// still run (those that need an earlier one check for it).
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(`${name} (${String(e && e.message || e).split('\n')[0]})`, false, String(e && e.stack || e));
  }
}

const watchdog = setTimeout(() => {
  console.log(`not ok - meeting browser test timed out after ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

if (!check('CLERK_PASSWORD and MEMBER_PASSWORD are set', !!CLERK_PASSWORD && !!MEMBER_PASSWORD)) process.exit(1);

// ---- the sitting: the first scheduled one among the upcoming ----
let sittingId = Number(process.env.SITTING_ID || 0);
let bodyId = 0;
await step('find a scheduled sitting', async () => {
  const res = await fetch(`${BASE}/api/v1/sittings?when=upcoming`);
  const j = await res.json();
  const s = sittingId ? j.sittings.find((x) => x.id === sittingId) : j.sittings.find((x) => x.status === 'scheduled');
  check('GET /api/v1/sittings?when=upcoming lists a scheduled sitting', !!s && s.status === 'scheduled', j.sittings);
  if (s) {
    sittingId = s.id;
    bodyId = s.body_id;
  }
});
if (!sittingId) process.exit(1);
const S = `${BASE}/sittings/${sittingId}`;

// The member's tablet reaches the server through a relay here that can cut
// its connections, as a dropped network would.
const target = new URL(BASE);
let relayBlocked = false;
const relaySockets = new Set();
const relay = net.createServer((c) => {
  if (relayBlocked) { c.destroy(); return; }
  const u = net.connect(Number(target.port || 80), target.hostname);
  relaySockets.add(c);
  relaySockets.add(u);
  const done = () => { c.destroy(); u.destroy(); relaySockets.delete(c); relaySockets.delete(u); };
  c.on('error', done);
  u.on('error', done);
  c.on('close', done);
  u.on('close', done);
  c.pipe(u);
  u.pipe(c);
});
await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
const MBASE = `http://127.0.0.1:${relay.address().port}`;
const MS = `${MBASE}/sittings/${sittingId}`;
function cutConnections() {
  relayBlocked = true;
  for (const s of relaySockets) s.destroy();
  relaySockets.clear();
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

// Everything the pages complain about, per context. The live stream is cut
// on purpose when a page navigates away or goes offline: not a fault.
const consoleErrors = [];
const pageErrors = [];
const cspViolations = [];
const badResponses = [];
let offlineWindow = false;
async function newPage(who, viewport) {
  const context = await browser.newContext({ viewport, locale: 'ar' });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.log(`majlis-csp-violation ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || document.URL}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.setDefaultNavigationTimeout(STEP_MS);
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('majlis-csp-violation ')) { cspViolations.push(`${who}: ${text.slice(21)}`); return; }
    if (msg.type() === 'error') {
      const where = msg.location() && msg.location().url;
      if (offlineWindow && who === 'member' && /ERR_INTERNET_DISCONNECTED|api\/v1\/events/.test(`${text} ${where}`)) return;
      consoleErrors.push(`${who}: ${text}${where ? ` (${where})` : ''} on ${page.url()}`);
    }
    if (/Content Security Policy/i.test(text)) cspViolations.push(`${who}: ${text}`);
  });
  page.on('pageerror', (err) => pageErrors.push(`${who}: ${err.message} @ ${page.url()}`));
  page.on('requestfailed', (req) => {
    const f = req.failure();
    const err = f ? f.errorText : 'failed';
    if (/\/api\/v1\/events/.test(req.url()) && (/ERR_ABORTED/.test(err) || offlineWindow)) return;
    badResponses.push(`${who}: ${req.method()} ${req.url()}: ${err}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) badResponses.push(`${who}: ${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
  return { context, page };
}

const clerk = await newPage('clerk', { width: 1440, height: 900 });
const member = await newPage('member', { width: 1024, height: 768 });
const pub = await newPage('public', { width: 1600, height: 900 });
const cp = clerk.page;
const mp = member.page;
const pp = pub.page;

const text = async (loc) => ((await loc.count()) ? ((await loc.first().textContent()) || '').replace(/\s+/g, ' ').trim() : null);
const path = (page) => new URL(page.url()).pathname;
async function clickAndWait(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}
async function signIn(page, name, password, base = BASE) {
  await page.goto(`${base}/login`, { waitUntil: 'load' });
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  await page.locator('#code').fill('');
  await clickAndWait(page, page.locator('main form[action="/login"] button[type="submit"]'));
  return path(page) === '/account';
}
// Waits until fn() (run in the page) returns something truthy; returns it,
// or null after `ms`.
async function until(page, fn, arg, ms = LIVE_MS) {
  try {
    const h = await page.waitForFunction(fn, arg, { timeout: ms, polling: 100 });
    return await h.jsonValue();
  } catch (e) {
    return null;
  }
}
// A mark in the window: still there later means the page never reloaded.
async function mark(page) { await page.evaluate(() => { window.__majlisMark = 'kept'; }); }
async function marked(page) { return page.evaluate(() => window.__majlisMark === 'kept'); }
async function liveConnected(page) {
  return until(page, () => {
    const c = document.getElementById('live-conn');
    return c && c.getAttribute('data-state') === 'live';
  });
}

let clerkIn = false;
let memberIn = false;
let opened = false;
let quorum = false;
let itemTitle = '';
let voteOpen = false;
let voted = false;

// ---- 1. the clerk signs in and opens the sitting from the console ----
await step('clerk opens the sitting', async () => {
  clerkIn = check(`${CLERK} signs in`, await signIn(cp, CLERK, CLERK_PASSWORD), cp.url());
  if (!clerkIn) return;
  const res = await cp.goto(`${S}/console`, { waitUntil: 'load' });
  check('/sittings/N/console answers 200', res && res.status() === 200, res && res.status());
  const a = await cp.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  check('the console is Arabic, right to left', a.lang === 'ar' && a.dir === 'rtl', a);
  check('the console has the live root for the sitting',
    (await cp.locator(`#live-root[data-live-role="console"][data-live-sitting="${sittingId}"]`).count()) === 1);
  check('the console connects to the live events', !!(await liveConnected(cp)));
  const btn = cp.locator('#st-open');
  check(`the console offers "${AR.openSitting}"`, (await text(btn)) === AR.openSitting, await text(btn));
  await mark(cp);
  await btn.click();
  const st = await until(cp, () => {
    const b = document.querySelector('#state .badge');
    return b && b.classList.contains('status-open') ? b.textContent.trim() : null;
  });
  opened = check(`the sitting is shown "${AR.inProgress}" after opening it`, st === AR.inProgress, st);
  check('the console updated in place (no reload)', await marked(cp));
  check('the focus stays in the sitting controls',
    await cp.evaluate(() => !!document.activeElement && !!document.activeElement.closest('#controls')));
});

// ---- 2. the public live screen, anonymous ----
await step('public live screen', async () => {
  const res = await pp.goto(`${S}/live`, { waitUntil: 'load' });
  check('/sittings/N/live answers 200 without signing in', res && res.status() === 200, res && res.status());
  check('the live screen connects to the live events', !!(await liveConnected(pp)));
  check('the live screen shows the sitting in progress',
    (await text(pp.locator('#state .badge'))) === AR.inProgress, await text(pp.locator('#state .badge')));
  await mark(pp);
});

// ---- 3. a member checks in from the tablet ----
await step('member checks in', async () => {
  memberIn = check(`${MEMBER} signs in`, await signIn(mp, MEMBER, MEMBER_PASSWORD, MBASE), mp.url());
  if (!memberIn) return;
  const res = await mp.goto(`${MS}/tablet`, { waitUntil: 'load' });
  check('/sittings/N/tablet answers 200', res && res.status() === 200, res && res.status());
  check('the tablet names the member', !!(await text(mp.locator('.member-name strong'))));
  check('the tablet has a polite and an assertive live region',
    (await mp.locator('#live-polite[role="status"][aria-live="polite"]').count()) === 1 &&
    (await mp.locator('#live-assertive[aria-live="assertive"]').count()) === 1);
  check('the tablet connects to the live events', !!(await liveConnected(mp)));
  await mark(mp);
  const before = Number(await text(pp.locator('[data-live="present"]')));
  const btn = mp.locator('#my-checkin');
  check(`the tablet offers "${AR.checkIn}"`, (await text(btn)) === AR.checkIn, await text(btn));
  await btn.click();
  const st = await until(mp, () => {
    const e = document.getElementById('my-att-status');
    return e && e.classList.contains('att-present') ? e.textContent.trim() : null;
  });
  check(`the tablet then says "${AR.present}"`, !!st && st.startsWith(AR.present), st);
  const after = await until(pp, (n) => {
    const e = document.querySelector('[data-live="present"]');
    return e && Number(e.textContent) === n + 1 ? n + 1 : null;
  }, before);
  check('the live screen counts the member present at once', after === before + 1, { before, after });
});

// ---- 4. the clerk checks members in until there is a quorum ----
let memberPerson = 0;
await step('clerk checks members in', async () => {
  if (!clerkIn || !opened) throw new Error('the sitting is not open');
  await cp.goto(`${S}/manage`, { waitUntil: 'load' });
  check('/sittings/N/manage shows the attendance grid', (await cp.locator('table.attendance tbody tr').count()) > 0);
  check('the management page connects to the live events', !!(await liveConnected(cp)));
  memberPerson = Number(await mp.evaluate(() => document.getElementById('live-root').dataset.livePerson));
  check('the member checked in on the tablet is present in the grid',
    (await cp.locator(`tr#att-${memberPerson}.att-present`).count()) === 1);
  await mark(cp);
  const needed = Number(await text(cp.locator('[data-live="needed"]')));
  let present = Number(await text(cp.locator('[data-live="present"]')));
  let clicks = 0;
  while (present < needed && clicks < 60) {
    const btn = cp.locator('tr.att-none button[value="present"]').first();
    if (!(await btn.count())) break;
    const id = await btn.getAttribute('id');
    await btn.click();
    clicks++;
    const row = id.replace(/-present$/, '');
    await cp.locator(`tr#${row}.att-present`).waitFor({ timeout: STEP_MS });
    present = Number(await text(cp.locator('[data-live="present"]')));
  }
  check(`clicking "${AR.checkIn}" in the grid checks members in (${clicks} clicks, ${present} of ${needed} needed)`,
    present >= needed, { present, needed, clicks });
  const q = await until(cp, (t) => {
    const e = document.querySelector('[data-live="quorum-met"]');
    return e && e.textContent.trim() === t ? t : null;
  }, AR.quorumMet);
  quorum = check(`the management page says "${AR.quorumMet}"`, q === AR.quorumMet, q);
  check('the management page updated in place (no reload)', await marked(cp));
  const active = await cp.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
  check('the keyboard focus stays on a control of the grid after each click',
    await cp.evaluate(() => !!document.activeElement && !!document.activeElement.closest('#attendance')), active);
  const pq = await until(pp, (t) => {
    const e = document.querySelector('[data-live="quorum-met"]');
    return e && e.textContent.trim() === t ? t : null;
  }, AR.quorumMet);
  check(`the live screen says "${AR.quorumMet}" without reloading`, pq === AR.quorumMet && (await marked(pp)), pq);
  // an agenda item added from the same page
  const title = 'سؤال بشأن مواعيد جلسات اللجان';
  const before = await cp.locator('#agenda li.item').count();
  await cp.locator('#ai-kind').selectOption('question');
  await cp.locator('#ai-title').fill(title);
  await cp.locator('#ai-submit').click();
  const added = await until(cp, (n) => document.querySelectorAll('#agenda li.item').length === n + 1, before);
  check('an item added from the management page appears on its agenda in place',
    !!added && (await text(cp.locator('#agenda li.item').last().locator('.item-title'))) === title && (await marked(cp)),
    await text(cp.locator('#agenda li.item').last()));
  check('the add-item form is empty again after sending', (await cp.locator('#ai-title').inputValue()) === '');
  await cp.screenshot({ path: join(SHOTS, 'manage-ar.png'), fullPage: true });
});

// ---- 5. the chair takes up an item and gives the floor ----
await step('chair takes up an item', async () => {
  if (!opened) throw new Error('the sitting is not open');
  await cp.goto(`${S}/console`, { waitUntil: 'load' });
  await liveConnected(cp);
  const btn = cp.locator('#agenda button[id^="take-"]').first();
  check(`the agenda offers "${AR.takeUp}"`, (await text(btn)) === AR.takeUp, await text(btn));
  const itemId = (await btn.getAttribute('id')).replace('take-', '');
  itemTitle = await text(cp.locator(`#item-${itemId}-t`));
  await btn.click();
  await cp.locator(`#item-${itemId}[aria-current="true"]`).waitFor({ timeout: LIVE_MS });
  check('the item taken up is marked current on the console', true);
  const shown = await until(pp, (t) => {
    const e = document.querySelector('#current-item .item-title');
    return e && e.textContent.trim() === t ? t : null;
  }, itemTitle);
  check('the live screen shows the item taken up, without reloading', shown === itemTitle && (await marked(pp)), shown);
  const tab = await until(mp, (t) => {
    const e = document.querySelector('#current-item .item-title');
    return e && e.textContent.trim() === t ? t : null;
  }, itemTitle);
  check('the tablet shows the item taken up, without reloading', tab === itemTitle && (await marked(mp)), tab);
});

await step('member asks for the floor; the chair gives it', async () => {
  if (!itemTitle || !memberIn) throw new Error('no item taken up');
  const req = mp.locator('#my-speak-req');
  await req.waitFor({ timeout: LIVE_MS });
  check(`the tablet offers "${AR.requestToSpeak}"`, (await text(req)) === AR.requestToSpeak, await text(req));
  await req.click();
  await mp.locator('#my-place').waitFor({ timeout: LIVE_MS });
  check('the tablet shows the member waiting in the queue', /1/.test(await text(mp.locator('#my-place'))),
    await text(mp.locator('#my-place')));
  const next = cp.locator('#sp-next:not([disabled])');
  await next.waitFor({ timeout: LIVE_MS });
  check('the console lists the member waiting, live', (await cp.locator('#speakers ol.queue li').count()) >= 1);
  await next.click();
  await cp.locator('#sp-stop').waitFor({ timeout: LIVE_MS });
  const name = await text(cp.locator('#speakers [data-live="speaker-name"]'));
  const shown = await until(pp, (n) => {
    const e = document.querySelector('#speaker [data-live="speaker-name"]');
    const t = document.querySelector('#speaker [role="timer"]');
    return e && e.textContent.trim() === n && t && !t.hidden ? t.textContent.trim() : null;
  }, name);
  check('the live screen shows the speaker with a timer', !!shown, { name, shown });
  const t1 = await text(pp.locator('#speaker [role="timer"]'));
  await pp.waitForTimeout(2200);
  const t2 = await text(pp.locator('#speaker [role="timer"]'));
  check('the speaking timer counts down on the live screen', !!t1 && !!t2 && t1 !== t2 && /^\d+:\d\d$/.test(t2), { t1, t2 });
  await pp.screenshot({ path: join(SHOTS, 'live-speaker-ar.png'), fullPage: true });
  const you = await until(mp, () => !!document.querySelector('#my-speak .you-speak'));
  check('the tablet tells the member they have the floor', !!you);
});

// ---- 6. the member loses the connection and catches up ----
await step('reconnect catch-up', async () => {
  if (!memberIn || !itemTitle) throw new Error('no member on the tablet');
  offlineWindow = true;
  cutConnections();
  const lost = await until(mp, () => {
    const c = document.getElementById('live-conn');
    return c && c.getAttribute('data-state') === 'lost' ? c.textContent.trim() : null;
  }, undefined, 8000);
  check('the tablet says when the connection is lost', !!lost && lost.includes(AR.lost), lost);
  // the chair stops the speech while the tablet is cut off
  await cp.locator('#sp-stop').click();
  await cp.locator('#sp-stop').waitFor({ state: 'detached', timeout: LIVE_MS });
  await mp.waitForTimeout(500);
  check('while cut off, the tablet still shows the speech going on', await mp.evaluate(() => !!document.querySelector('#my-speak .you-speak')));
  relayBlocked = false;
  const back = await until(mp, () => {
    const c = document.getElementById('live-conn');
    return c && c.getAttribute('data-state') === 'live';
  }, undefined, 12000);
  check('the tablet reconnects by itself', !!back);
  const caught = await until(mp, () => !document.querySelector('#my-speak .you-speak') &&
    !!document.querySelector('#my-speak [data-live="speaker-name"].empty'), undefined, 8000);
  check('after reconnecting, the tablet shows what happened meanwhile (the speech ended), without reloading',
    !!caught && (await marked(mp)));
  offlineWindow = false;
});

// ---- 7. a vote: opened by the chair, cast on the tablet, closed ----
await step('chair opens a vote', async () => {
  if (!quorum || !itemTitle) throw new Error('no quorum or no item');
  const title = cp.locator('#vo-title');
  await title.fill(`الموافقة على ${itemTitle}`.slice(0, 300));
  await cp.locator('#vo-method').selectOption('roll_call');
  await cp.locator('#vo-rule').selectOption('simple');
  check(`the vote form button says "${AR.openVote}"`, (await text(cp.locator('#vo-submit'))) === AR.openVote);
  await cp.locator('#vo-submit').click();
  await cp.locator('#vote-close').waitFor({ timeout: LIVE_MS });
  voteOpen = check(`the console shows the open vote and "${AR.closeVote}"`, (await text(cp.locator('#vote-close'))) === AR.closeVote);
});

await step('member votes on the tablet', async () => {
  if (!voteOpen || !memberIn) throw new Error('no open vote');
  const yes = mp.locator('#ballot-yes');
  await yes.waitFor({ timeout: LIVE_MS });
  check('the vote buttons appear on the tablet without reloading', await marked(mp));
  const ann = await until(mp, (t) => {
    const e = document.getElementById('live-assertive');
    return e && e.textContent.includes(t) ? e.textContent : null;
  }, AR.voteOpen);
  check('the opening of the vote is announced assertively', !!ann, ann);
  const buttons = await mp.evaluate(() => [...document.querySelectorAll('form.ballot button')].map((b) => {
    const r = b.getBoundingClientRect();
    return { tag: b.tagName, type: b.type, name: b.name, value: b.value, label: b.textContent.trim(),
      w: r.width, h: r.height, form: b.form && b.form.getAttribute('action') };
  }));
  check('three real submit buttons Yes / No / Abstain in one form',
    buttons.length === 3 && buttons.every((b) => b.tag === 'BUTTON' && b.type === 'submit' && b.name === 'option' &&
      /^\/votes\/\d+\/ballots$/.test(b.form || '')) &&
    buttons.map((b) => b.label).join('|') === [AR.yes, AR.no, AR.abstain].join('|'), buttons);
  check('the vote buttons are at least 48 px targets', buttons.every((b) => b.w >= 48 && b.h >= 48), buttons);
  await member.page.screenshot({ path: join(SHOTS, 'tablet-ar.png'), fullPage: true });
  // by keyboard: focus the Yes button and press Enter
  await yes.focus();
  check('the Yes button takes the keyboard focus', await mp.evaluate(() => document.activeElement && document.activeElement.id === 'ballot-yes'));
  await mp.keyboard.press('Enter');
  const mine = await until(mp, (t) => {
    const e = document.getElementById('my-ballot');
    return e && e.classList.contains('voted') ? e.textContent.trim() : null;
  }, undefined);
  voted = check(`the tablet shows "${AR.yourVote}: ${AR.yes}"`, !!mine && mine.includes(AR.yourVote) && mine.includes(AR.yes), mine);
  check('the Yes button is shown pressed', (await mp.locator('#ballot-yes').getAttribute('aria-pressed')) === 'true');
  check('the tablet updated in place (no reload)', await marked(mp));
  const pb = await until(pp, () => {
    const e = document.querySelector('#vote [data-live="ballots"]');
    return e && Number(e.textContent) >= 1 ? e.textContent : null;
  });
  check('the live screen counts the ballot without reloading', pb === '1' && (await marked(pp)), pb);
  const cb = await until(cp, () => {
    const e = document.querySelector('#vote [data-live="ballots"]');
    return e && Number(e.textContent) >= 1 ? e.textContent : null;
  });
  check('the console counts the ballot live', cb === '1', cb);
  await mp.screenshot({ path: join(SHOTS, 'tablet-ar.png'), fullPage: true });
});

await step('chair closes the vote; the live screen shows the result', async () => {
  if (!voteOpen) throw new Error('no open vote');
  await cp.screenshot({ path: join(SHOTS, 'console-ar.png'), fullPage: true });
  const t0 = Date.now();
  await cp.locator('#vote-close').click();
  const res = await until(pp, () => {
    const v = document.querySelector('#last-result .verdict');
    const dd = [...document.querySelectorAll('#last-result dl.counts dd')].map((e) => e.textContent.trim());
    return v ? { verdict: v.textContent.trim(), counts: dd } : null;
  }, undefined, 5000);
  const ms = Date.now() - t0;
  check(`the live screen shows the result within 5 s (${ms} ms), without reloading`, !!res && (await marked(pp)), res);
  check(`the result is "${AR.passed}" with Yes 1, No 0, Abstain 0`,
    !!res && res.verdict === AR.passed && res.counts.join(',') === '1,0,0', res);
  const ann = await until(mp, (t) => {
    const e = document.getElementById('live-assertive');
    return e && e.textContent.includes(t) ? e.textContent : null;
  }, AR.voteClosed);
  check('the tablet announces the result assertively', !!ann, ann);
  const tr = await until(mp, () => {
    const v = document.querySelector('#last-result .verdict');
    return v ? v.textContent.trim() : null;
  });
  check('the tablet shows the result', tr === AR.passed, tr);
  const gone = await until(pp, () => !document.querySelector('#vote [data-live="ballots"]'));
  check('the live screen no longer shows an open vote', !!gone);
  await pp.waitForTimeout(300);
  await pp.screenshot({ path: join(SHOTS, 'live-ar.png'), fullPage: true });
  await cp.locator('#vo-title').waitFor({ timeout: LIVE_MS });
  await cp.screenshot({ path: join(SHOTS, 'console-ar.png'), fullPage: true });
});

// ---- 8. minutes, the calendar, documents ----
await step('minutes', async () => {
  if (!clerkIn) throw new Error('clerk not signed in');
  await cp.goto(`${S}/manage`, { waitUntil: 'load' });
  await cp.locator('#mg-lang').selectOption('ar');
  check(`the management page has "${AR.generate}"`, (await text(cp.locator('#mg-submit'))) === AR.generate);
  await clickAndWait(cp, cp.locator('#mg-submit'));
  check('generating the minutes leads to the minutes page', path(cp) === `/sittings/${sittingId}/minutes`, cp.url());
  const draft = cp.locator('article.minutes-draft textarea').first();
  const txt = await draft.inputValue();
  check('the draft minutes record the vote and its result', txt.includes(AR.passed) && txt.includes('1'), txt.slice(0, 400));
  await clickAndWait(cp, cp.locator('article.minutes-draft button[id$="-approve"]').first());
  const res = await pp.goto(`${S}/minutes`, { waitUntil: 'load' });
  check('the approved minutes are public', res && res.status() === 200 &&
    (await pp.locator('#approved article.minutes .minutes-text').count()) === 1);
  check('the public does not see the drafts', (await pp.locator('#drafts').count()) === 0);
  await cp.screenshot({ path: join(SHOTS, 'minutes-ar.png'), fullPage: true });
});

await step('calendar and documents', async () => {
  const res = await fetch(`${BASE}/bodies/${bodyId}/calendar.ics`);
  const body = await res.text();
  check('GET /bodies/N/calendar.ics is text/calendar', /^text\/calendar/.test(res.headers.get('content-type') || ''),
    res.headers.get('content-type'));
  const lines = body.split('\r\n');
  check('the calendar is a VCALENDAR with CRLF lines of at most 75 octets',
    body.startsWith('BEGIN:VCALENDAR\r\n') && !/[^\r]\n/.test(body) &&
    lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75), lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75));
  check(`the calendar has the sitting (UID:sitting-${sittingId}@majlis)`, body.includes(`UID:sitting-${sittingId}@majlis`));
  const nf = await fetch(`${BASE}/bodies/999999/calendar.ics`);
  check('a calendar of no body answers 404', nf.status === 404, nf.status);
  const nd = await fetch(`${BASE}/documents/999999/1`);
  check('a missing document answers 404', nd.status === 404, nd.status);
});

// ---- 9. what the browsers reported along the way ----
check(`no console errors${consoleErrors.length ? ` (${consoleErrors.length}, first: ${consoleErrors[0]})` : ''}`,
  consoleErrors.length === 0, consoleErrors);
check('no uncaught page errors', pageErrors.length === 0, pageErrors);
check('no CSP violations', cspViolations.length === 0, cspViolations);
check('no failed requests or HTTP errors', badResponses.length === 0, badResponses);

await browser.close();
relay.close();
clearTimeout(watchdog);
console.error(`# ${count} checks, ${failed} failed; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);
