// a11y.mjs: accessibility checks of the public pages of the demo parliament
// at $BASE_URL in headless Chromium, in Arabic and in English:
//   - axe-core (WCAG 2.0/2.1 A and AA rules plus best practices) on the
//     home, members, member, sittings, sitting record, search, votes, vote,
//     live, sign-in, open-data catalogue and dataset pages: a page passes when axe finds no violation of
//     impact "serious" or "critical" (every violation found is listed on
//     stderr and as '#' lines on stdout, whatever its impact); an id used
//     twice on a page counts as a serious violation too (axe 4.x no longer
//     checks that under these tags);
//   - keyboard only: Tab through each page (up to MAX_TABS stops) and check
//     that the skip link is the first stop and moves focus to #main with
//     Enter, that every stop is a visible element with a visible focus
//     indicator (outline or box-shadow differs from its unfocused state),
//     and that the stops follow the document order with no trap.
// Prints one TAP line per page and language for each of the two checks on
// stdout, and exits non-zero when any check failed.
//
// Environment: BASE_URL, CHROMIUM, MEMBER_ID (a person id of a member of
// the chamber; otherwise the first one linked from /members), SITTING_ID
// (a closed sitting; otherwise the first of /api/v1/sittings?when=recent).
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 15000;
const TOTAL_MS = 240000;
const MAX_TABS = 60;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let failed = 0;
function check(name, cond, details) {
  if (cond) {
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
  }
  for (const d of details || []) {
    console.log(`# ${d}`);
    console.error(`# ${name}: ${d}`);
  }
  return !!cond;
}

const watchdog = setTimeout(() => {
  console.log(`not ok - accessibility test timed out after ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

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

async function getJson(path) {
  const res = await fetch(`${BASE}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// The pages under test. The ids come from the API of the running demo.
const pages = [
  ['home', '/'],
  ['members', '/members'],
  ['sittings', '/sittings'],
  ['search', `/search?q=${encodeURIComponent('التصويت')}`],
  ['votes', '/votes'],
  ['sign-in', '/login'],
  ['open data', '/data'],
];
try {
  // A dataset page: the first dataset the catalogue links (the built-in
  // ones follow the demo's record).
  const catalogue = await (await fetch(`${BASE}/data`)).text();
  // DF_SITTINGS when it is there: its default view draws a chart (the
  // inline SVG is checked too); else the first dataset listed.
  const ds = catalogue.match(/<h3><a href="\/data\/(DF_SITTINGS)">/) || catalogue.match(/<h3><a href="\/data\/([^"?\/]+)">/);
  if (ds) pages.push(['dataset', `/data/${ds[1]}`]);
  else check('a dataset page to test', false, ['no dataset linked from /data']);
  let memberId = process.env.MEMBER_ID || '';
  if (!memberId) {
    const html = await (await fetch(`${BASE}/members`)).text();
    const m = html.match(/href="\/members\/(\d+)"/);
    if (m) memberId = m[1];
  }
  if (memberId) pages.splice(2, 0, ['member', `/members/${memberId}`]);
  else check('a member page to test', false, ['no member id (MEMBER_ID or a link on /members)']);

  let sittingId = process.env.SITTING_ID || '';
  const recent = await getJson('/api/v1/sittings?when=recent');
  const list = Array.isArray(recent) ? recent : (recent.sittings || recent.items || recent.data || []);
  const idOf = (s) => String(s.id ?? s.identifier ?? '').replace(/^.*\//, '');
  if (!sittingId) {
    const closed = list.find((s) => /closed|adjourned|held/.test(String(s.status || ''))) || list[0];
    if (closed) sittingId = idOf(closed);
  }
  if (sittingId) {
    pages.push(['sitting record', `/sittings/${sittingId}`]);
    pages.push(['live screen', `/sittings/${sittingId}/live`]);
    // A closed vote of a recent sitting (vote_events identifiers "vote/N").
    let voteId = '';
    for (const s of [{ id: sittingId }, ...list]) {
      const sid = idOf(s);
      if (!sid) continue;
      const one = await getJson(`/api/v1/sittings/${sid}`).catch(() => null);
      const ves = (one && (one.vote_events || (one.sitting && one.sitting.vote_events))) || [];
      const ve = ves.find((v) => /^vote\/\d+$/.test(String(v.identifier || '')) &&
        !/open/.test(String(v.status || '')));
      if (ve) { voteId = String(ve.identifier).slice(5); break; }
    }
    if (voteId) pages.push(['vote', `/votes/${voteId}`]);
    else check('a closed vote to test', false, ['no vote_events with identifier vote/N in recent sittings']);
  } else {
    check('a closed sitting to test', false, ['GET /api/v1/sittings?when=recent listed none']);
  }
} catch (e) {
  check(`find the pages to test (${String(e.message || e).split('\n')[0]})`, false, [String(e.stack || e)]);
}

// The pages' Content-Security-Policy allows scripts only from 'self' with a
// nonce, which would block the injected axe-core script: this context (and
// only this test's) bypasses the CSP. The pages' own scripts still run.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ar', bypassCSP: true });
const page = await context.newPage();
page.setDefaultTimeout(STEP_MS);
page.setDefaultNavigationTimeout(STEP_MS);

async function setLang(lang) {
  await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
}

async function runAxe(label, path, lang) {
  await page.goto(`${BASE}${path}`, { waitUntil: 'load' });
  const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  if (htmlLang !== lang) throw new Error(`the page is in "${htmlLang}", not "${lang}"`);
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  // axe 4.x no longer runs its duplicate-id rules under these tags: an id
  // used twice breaks labels, aria-labelledby and skip targets, so it counts
  // here as a serious violation.
  const dups = await page.evaluate(() => {
    const count = new Map();
    for (const e of document.querySelectorAll('[id]')) count.set(e.id, (count.get(e.id) || 0) + 1);
    return [...count].filter(([, n]) => n > 1).map(([id]) => id);
  });
  if (dups.length) {
    violations.push({ id: 'duplicate-id', impact: 'serious', help: 'id attribute values must be unique',
      nodes: dups.map((id) => ({ target: `[id="${id}"]` })) });
  }
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const details = [];
  for (const v of violations) {
    const more = v.nodes.length > 1 ? ` (+${v.nodes.length - 1} more)` : '';
    details.push(`${v.id} [${v.impact}] ${v.nodes[0] ? v.nodes[0].target : ''}${more}: ${v.help}`);
  }
  check(`axe: ${label} has no serious or critical violations`, bad.length === 0, details);
}

// Keyboard only: the skip link first, Enter on it moves focus to #main, then
// Tab through the page.
async function runKeyboard(label, path) {
  await page.goto(`${BASE}${path}`, { waitUntil: 'load' });
  const problems = [];
  // Start from the top of the document, with nothing focused.
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    return a ? { tag: a.tagName, cls: a.className, href: a.getAttribute('href') } : null;
  });
  if (!first || first.tag !== 'A' || first.href !== '#main') {
    problems.push(`the first Tab stop is not the skip link: ${JSON.stringify(first)}`);
  } else {
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => {
      const a = document.activeElement;
      return { id: a && a.id, hash: location.hash, inMain: !!(a && a.closest && a.closest('#main')) };
    });
    if (after.id !== 'main') problems.push(`Enter on the skip link does not focus #main: ${JSON.stringify(after)}`);
    // The next Tab must land inside main (or after it), not back in the header.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const a = document.activeElement;
      const main = document.getElementById('main');
      if (!a || a === document.body || !main) return { ok: true };
      const inHeader = !!a.closest('header.site');
      return { ok: !inHeader, tag: a.tagName, text: (a.textContent || '').trim().slice(0, 40) };
    });
    if (!next.ok) problems.push(`Tab after the skip link goes back to the header: ${JSON.stringify(next)}`);
  }

  // From the top again: Tab through everything.
  await page.goto(`${BASE}${path}`, { waitUntil: 'load' });
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });
  await page.evaluate(() => {
    window.__a11yMark = 0;
  });
  let prevIndex = -1;
  let stops = 0;
  let lastStop = '';
  let repeats = 0;
  const seen = new Set();
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const st = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body || a === document.documentElement) return { none: true };
      if (!a.dataset.a11yStop) a.dataset.a11yStop = String(++window.__a11yMark);
      const all = Array.from(document.querySelectorAll('*'));
      const index = all.indexOf(a);
      const r = a.getBoundingClientRect();
      const cs = getComputedStyle(a);
      const visible = r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' &&
        Number(cs.opacity) > 0;
      const focused = { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow,
        bg: cs.backgroundColor, color: cs.color, deco: cs.textDecorationLine, border: cs.borderColor };
      const desc = `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.className ? '.' + String(a.className).split(' ').join('.') : ''}` +
        ` "${(a.getAttribute('aria-label') || a.textContent || a.value || '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`;
      return { index, visible, focused, desc, stop: a.dataset.a11yStop,
        inert: !!a.closest('[hidden],[inert]') };
    });
    if (st.none) break; // past the last element: focus left the document
    // Tab moves through the fields of a date input (day, month, year) inside
    // the same element: one stop.
    // More than a few Tabs on the same element: it keeps the focus, a trap.
    if (st.stop === lastStop) {
      if (++repeats > 4) { problems.push(`focus trap: Tab stays on ${st.desc}`); break; }
      continue;
    }
    lastStop = st.stop;
    repeats = 0;
    // Back to the first stop: focus went round the page (Chromium may skip
    // the browser's own UI in headless mode), the end of the walk.
    if (st.stop === '1' && stops > 0) break;
    stops++;
    if (seen.has(st.stop)) { // back to a stop already visited, not the first one: a trap
      problems.push(`focus trap: Tab came back to ${st.desc} before leaving the page`);
      break;
    }
    seen.add(st.stop);
    if (!st.visible || st.inert) problems.push(`focus on an invisible element: ${st.desc}`);
    // The unfocused look of the same element: blur it, read, focus it again
    // (focus() from script keeps :focus-visible after keyboard use).
    const unfocused = await page.evaluate(() => {
      const a = document.activeElement;
      a.blur();
      const cs = getComputedStyle(a);
      const s = { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow,
        bg: cs.backgroundColor, color: cs.color, deco: cs.textDecorationLine, border: cs.borderColor };
      a.focus();
      return s;
    });
    const f = st.focused;
    const hasOutline = !/^none /.test(f.outline) && !/ 0px /.test(f.outline) && f.outline !== unfocused.outline;
    const hasShadow = f.shadow !== 'none' && f.shadow !== unfocused.shadow;
    if (!hasOutline && !hasShadow) {
      problems.push(`no visible focus indicator on ${st.desc} (outline ${f.outline}, box-shadow ${f.shadow})`);
    }
    if (st.index < prevIndex) problems.push(`focus went back in document order to ${st.desc}`);
    prevIndex = st.index;
  }
  if (stops === 0) problems.push('Tab never focused anything');
  check(`keyboard: ${label} (${stops} Tab stops) — skip link first, visible focus, document order`,
    problems.length === 0, problems.slice(0, 12));
}

for (const lang of ['ar', 'en']) {
  await setLang(lang);
  for (const [name, path] of pages) {
    const label = `${name} page ${path} (${lang})`;
    try {
      await runAxe(label, path, lang);
    } catch (e) {
      check(`axe: ${label} (${String(e.message || e).split('\n')[0]})`, false, [String(e.stack || e)]);
    }
    try {
      await runKeyboard(label, path);
    } catch (e) {
      check(`keyboard: ${label} (${String(e.message || e).split('\n')[0]})`, false, [String(e.stack || e)]);
    }
  }
}

await browser.close();
clearTimeout(watchdog);
process.exit(failed ? 1 : 0);
