// live.js: live updates for the eMeeting screens (the clerk's management
// page, the presiding console, the member's tablet and the public live
// screen). Progressive enhancement: every screen is rendered whole by the
// server and works without this script.
//
// It works from the root element #live-root:
//   data-live-sitting  the sitting whose events to follow (none: no stream)
//   data-live-role     manage | console | tablet | screen
//   data-live-since    the last event id when the page was rendered, so that
//                      nothing between rendering and connecting is missed
//   data-live-now      the server's clock (ms) then, for the speaking timer
//   data-live-person   the member using a tablet
//   data-msg-*         the sentences it announces, in the page's language
// Sections with an id and data-live-refresh="type ..." are fetched again
// (same URL, parsed with DOMParser) and swapped when one of those events
// arrives; elements marked data-live="present|members|needed|quorum-met|
// ballots|item-title|speaker-name" are set at once from the event itself;
// [data-timer-start][data-timer-limit] count down every second. Changes are
// announced through the page's live regions (results assertively). Forms
// posted from a screen are sent with fetch and the screen is updated in
// place, keeping the keyboard focus. EventSource reconnects by itself and
// sends Last-Event-ID, so a screen that lost its connection catches up
// without reloading; the status line says when the connection is lost and
// when it is back.
(function () {
  'use strict';
  var root = document.getElementById('live-root');
  if (!root) return;
  var data = root.dataset;
  var role = data.liveRole || '';
  var sitting = data.liveSitting || '';
  var person = data.livePerson || '0';
  var lang = data.liveLang || document.documentElement.lang || 'ar';
  var skew = data.liveNow ? Number(data.liveNow) - Date.now() : 0;
  var polite = document.getElementById('live-polite');
  var assertive = document.getElementById('live-assertive');
  var lastLine = document.getElementById('live-last');
  var errorBox = document.getElementById('live-error');
  var conn = document.getElementById('live-conn');

  function msg(name) { return data['msg' + name] || ''; }

  // ---- announcements ----
  function announce(text, urgent) {
    if (!text) return;
    var region = urgent ? assertive : polite;
    if (lastLine) {
      lastLine.textContent = text;
      lastLine.hidden = false;
    }
    if (!region) return;
    // emptied first, so that the same sentence twice is read twice
    region.textContent = '';
    setTimeout(function () { region.textContent = text; }, 60);
  }

  function setConn(state, text) {
    if (!conn) return;
    conn.hidden = false;
    conn.setAttribute('data-state', state);
    var t = conn.querySelector('.conn-text');
    if (t) t.textContent = text;
  }

  function showError(text) {
    if (!errorBox) return;
    errorBox.textContent = text;
    errorBox.hidden = false;
  }
  function hideError() {
    if (errorBox) {
      errorBox.hidden = true;
      errorBox.textContent = '';
    }
  }

  // ---- the speaking timer ----
  function clock(secs) {
    var neg = secs < 0;
    if (neg) secs = -secs;
    var s = secs % 60;
    return (neg ? '\u2212' : '') + Math.floor(secs / 60) + ':' + (s < 10 ? '0' : '') + s;
  }
  function tick() {
    var now = Date.now() + skew;
    var timers = document.querySelectorAll('[data-timer-start]');
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      var start = Number(el.getAttribute('data-timer-start'));
      var limit = Number(el.getAttribute('data-timer-limit'));
      if (!start) continue;
      var left = limit - Math.max(0, Math.floor((now - start) / 1000));
      var text = clock(left);
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('over', left < 0);
      el.classList.toggle('ending', left >= 0 && left <= 30);
    }
  }
  setInterval(tick, 1000);

  // ---- figures set straight from an event ----
  function setAll(name, value, vote) {
    var els = document.querySelectorAll('[data-live="' + name + '"]');
    for (var i = 0; i < els.length; i++) {
      if (vote !== undefined && els[i].getAttribute('data-vote') !== String(vote)) continue;
      els[i].textContent = String(value);
    }
  }
  function add(parent, tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    parent.appendChild(el);
    return el;
  }
  function voteTitle(id) {
    var el = document.querySelector('[data-vote-id="' + id + '"]');
    return el ? el.textContent : '';
  }
  function resultText(d, title) {
    var pass = d.result === 'pass';
    var c = d.counts || {};
    var comma = lang === 'ar' ? '\u060c ' : ', ';
    return msg('VoteClosed') + ' ' + (title ? title + ' \u2014 ' : '') + (pass ? msg('Passed') : msg('Failed')) + '. ' +
      msg('Yes') + ' ' + c.yes + comma + msg('No') + ' ' + c.no + comma + msg('Abstain') + ' ' + c.abstain + '.';
  }
  // The result at once, before the fresh section arrives.
  function showResult(d, title) {
    var box = document.getElementById('last-result');
    if (!box) return;
    var h = box.querySelector('h2');
    while (h && h.nextSibling) box.removeChild(h.nextSibling);
    var pass = d.result === 'pass';
    var c = d.counts || {};
    if (title) add(box, 'p', 'vote-title', title);
    add(box, 'p', 'verdict ' + (pass ? 'result-pass' : 'result-fail'), pass ? msg('Passed') : msg('Failed'));
    var dl = add(box, 'dl', 'counts');
    [['yes', 'Yes'], ['no', 'No'], ['abstain', 'Abstain']].forEach(function (k) {
      var div = add(dl, 'div', 'c-' + k[0]);
      add(div, 'dt', '', msg(k[1]));
      add(div, 'dd', '', String(c[k[0]]));
    });
    add(box, 'p', 'meta', msg('Present') + ': ' + d.present + ' / ' + d.members + ' \u00b7 ' +
      (d.quorum_met ? msg('QuorumMet') : msg('NoQuorum')));
  }

  var quorumEl = document.querySelector('[data-live="quorum-met"]');
  var lastMet = quorumEl ? quorumEl.classList.contains('q-met') : null;

  var on = {
    'attendance': function (d) {
      setAll('present', d.present);
      setAll('members', d.members);
      setAll('needed', d.quorum_needed);
      var met = !!d.quorum_met;
      var els = document.querySelectorAll('[data-live="quorum-met"]');
      for (var i = 0; i < els.length; i++) {
        els[i].textContent = met ? msg('QuorumMet') : msg('NoQuorum');
        els[i].classList.toggle('q-met', met);
        els[i].classList.toggle('q-not', !met);
      }
      if (role === 'tablet' && String(d.person) === person) {
        if (d.status === 'present') announce(msg('CheckedIn'), false);
        else if (d.status === 'left') announce(msg('CheckedOut'), false);
      } else if (lastMet !== null && lastMet !== met) {
        announce(met ? msg('QuorumMet') : msg('NoQuorum'), false);
      }
      lastMet = met;
    },
    'vote.ballot': function (d) { setAll('ballots', d.ballots, d.vote); },
    'vote.opened': function (d) { announce(msg('VoteOpen') + ' ' + (d.title || ''), true); },
    'vote.closed': function (d) {
      var title = voteTitle(d.vote);
      showResult(d, title);
      announce(resultText(d, title), true);
    },
    'speaker.changed': function (d) {
      var name = d.request ? (lang === 'ar' ? d.name_ar : (d.name_en || d.name_ar)) || '' : '';
      setAll('speaker-name', name || msg('FloorFree'));
      var timers = document.querySelectorAll('[data-timer-start]');
      for (var i = 0; i < timers.length; i++) {
        timers[i].setAttribute('data-timer-start', d.request ? String(d.started_ms) : '0');
        timers[i].setAttribute('data-timer-limit', d.request ? String(d.seconds_limit) : '0');
        timers[i].hidden = !d.request;
      }
      tick();
      announce(d.request ? msg('Speaking') + ' ' + name : msg('FloorFree'), false);
    },
    'item.opened': function (d) {
      setAll('item-title', d.title || '');
      announce(msg('Item') + ' ' + (d.title || ''), false);
    },
    'sitting.opened': function () { announce(msg('Opened'), false); },
    'sitting.suspended': function () { announce(msg('Suspended'), false); },
    'sitting.resumed': function () { announce(msg('Resumed'), false); },
    'sitting.closed': function () { announce(msg('Closed'), false); },
    'agenda.changed': function () { if (role === 'manage' || role === 'console') announce(msg('Agenda'), false); },
    'speakers.changed': function () { if (role === 'console') announce(msg('Speakers'), false); },
    'document.added': function (d) { announce(msg('Document') + ' ' + (d.title || ''), false); }
  };
  var TYPES = Object.keys(on);

  // ---- swapping sections for fresh ones ----
  function editable(el) {
    if (!el || !el.tagName) return false;
    var t = el.tagName;
    if (t === 'TEXTAREA' || t === 'SELECT') return true;
    return t === 'INPUT' && !/^(submit|button|hidden|checkbox|radio|reset|image)$/i.test(el.type);
  }
  function dirty(f) {
    if (f.tagName === 'SELECT') {
      for (var i = 0; i < f.options.length; i++) if (f.options[i].selected !== f.options[i].defaultSelected) return true;
      return false;
    }
    return f.value !== f.defaultValue;
  }
  // What the user typed and did not send yet goes over to the new section
  // (not what they just sent: that form comes back fresh).
  function carry(from, to, sent) {
    var fields = from.querySelectorAll('input, textarea, select');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.id || !editable(f) || !dirty(f) || (sent && f.form === sent)) continue;
      var g = to.querySelector('#' + cssId(f.id));
      if (g && g.tagName === f.tagName) g.value = f.value;
    }
  }
  function cssId(id) { return window.CSS && CSS.escape ? CSS.escape(id) : id.replace(/[^\w-]/g, '\\$&'); }
  function focusable(el) {
    return el.matches('a[href], button, input, select, textarea, summary, [tabindex]');
  }
  function focusKey(el, section) {
    var anc = [];
    for (var p = el.parentElement; p && p !== section; p = p.parentElement) if (p.id) anc.push(p.id);
    return {
      id: el.id || '',
      name: el.getAttribute('name') || '',
      value: el.getAttribute('value') || '',
      action: el.form ? el.form.getAttribute('action') : '',
      anc: anc
    };
  }
  // Puts the focus back on the same control, or the nearest thing that is
  // still there: its row, then the section.
  function restoreFocus(section, k) {
    var t = k.id ? document.getElementById(k.id) : null;
    if (t && !section.contains(t)) t = null;
    if (!t && k.action && k.name) {
      var forms = section.querySelectorAll('form');
      for (var i = 0; !t && i < forms.length; i++) {
        if (forms[i].getAttribute('action') !== k.action) continue;
        var bs = forms[i].querySelectorAll('button');
        for (var j = 0; j < bs.length; j++)
          if (bs[j].getAttribute('name') === k.name && bs[j].getAttribute('value') === k.value) { t = bs[j]; break; }
      }
    }
    for (var a = 0; !t && a < k.anc.length; a++) {
      var anc = document.getElementById(k.anc[a]);
      if (anc && section.contains(anc))
        t = anc.querySelector('button:not([disabled]), a[href], input:not([type="hidden"]), select, textarea') || anc;
    }
    if (!t) t = section;
    if (!focusable(t)) t.setAttribute('tabindex', '-1');
    try { t.focus({ preventScroll: true }); } catch (e) { t.focus(); }
  }

  var deferred = {};
  // sent: the form just sent from this screen (its section is always
  // swapped, even with the focus in one of its fields).
  function swap(doc, ids, sent) {
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var old = document.getElementById(id);
      var neu = doc.getElementById(id);
      if (!old || !neu) continue;
      var active = document.activeElement;
      var inside = active && active !== document.body && old.contains(active);
      // never pull a field away from under the user's fingers: wait until
      // they leave it
      if (inside && editable(active) && !(sent && old.contains(sent))) {
        deferred[id] = true;
        continue;
      }
      var key = inside ? focusKey(active, old) : null;
      var fresh = document.importNode(neu, true);
      carry(old, fresh, sent);
      old.parentNode.replaceChild(fresh, old);
      delete deferred[id];
      if (key) restoreFocus(fresh, key);
    }
    tick();
  }
  root.addEventListener('focusout', function () {
    setTimeout(function () {
      var ids = Object.keys(deferred);
      if (ids.length && !editable(document.activeElement)) schedule(ids);
    }, 0);
  });

  function parse(html) { return new DOMParser().parseFromString(html, 'text/html'); }
  function fetchPage() {
    return fetch(location.pathname + location.search, {
      credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' }
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      if (new URL(res.url).pathname !== location.pathname) throw new Error('redirected to ' + res.url);
      return res.text();
    }).then(parse);
  }

  var pending = {}, timer = null, busy = false;
  function schedule(ids, delay) {
    for (var i = 0; i < ids.length; i++) pending[ids[i]] = true;
    if (timer || busy || !Object.keys(pending).length) return;
    timer = setTimeout(refresh, delay === undefined ? 80 : delay);
  }
  function refresh() {
    timer = null;
    var ids = Object.keys(pending);
    pending = {};
    if (!ids.length) return;
    busy = true;
    var failed = false;
    fetchPage().then(function (doc) { swap(doc, ids); }, function () {
      failed = true;
      for (var i = 0; i < ids.length; i++) pending[ids[i]] = true;
    }).then(function () {
      busy = false;
      schedule([], failed ? 5000 : 80);
    });
  }
  function allSections() {
    var out = [];
    var els = document.querySelectorAll('[data-live-refresh][id]');
    for (var i = 0; i < els.length; i++) out.push(els[i].id);
    return out;
  }
  function sectionsFor(type, d) {
    var out = [];
    var els = document.querySelectorAll('[data-live-refresh][id]');
    for (var i = 0; i < els.length; i++) {
      var list = (els[i].getAttribute('data-live-refresh') || '').split(/\s+/);
      if (list.indexOf(type) < 0) continue;
      // a tablet follows its own member's attendance, not everyone's
      if (role === 'tablet' && type === 'attendance' && String(d.person) !== person) continue;
      out.push(els[i].id);
    }
    return out;
  }

  // ---- forms: sent in place, the screen updated from the answer ----
  root.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || form.tagName !== 'FORM') return;
    if ((form.getAttribute('method') || '').toLowerCase() !== 'post' || form.hasAttribute('data-live-nav')) return;
    if (!window.fetch || !window.FormData || !window.URLSearchParams || !window.DOMParser) return;
    if (!form.closest('[data-live-refresh][id]')) return;
    e.preventDefault();
    if (form.getAttribute('data-sending')) return;
    var submitter = e.submitter || null;
    var fd = new FormData(form);
    if (submitter && submitter.name) fd.append(submitter.name, submitter.value);
    var body = new URLSearchParams();
    fd.forEach(function (v, k) { if (typeof v === 'string') body.append(k, v); });
    form.setAttribute('data-sending', '1');
    form.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST', body: body, credentials: 'same-origin', headers: { 'Accept': 'text/html' }
    }).then(function (res) {
      return res.text().then(function (html) { return { res: res, doc: parse(html) }; });
    }).then(function (x) {
      if (!x.res.ok) {
        var sec = x.doc.querySelector('section.error');
        var ps = sec ? sec.querySelectorAll('p') : [];
        var h = sec ? sec.querySelector('h1') : null;
        showError((h ? h.textContent + ': ' : '') + (ps.length ? ps[ps.length > 2 ? 1 : ps.length - 1].textContent : msg('FailedSend')));
        return;
      }
      var dest = new URL(x.res.url);
      if (dest.pathname !== location.pathname) {
        location.assign(x.res.url);
        return;
      }
      hideError();
      swap(x.doc, allSections(), form);
    }).catch(function () {
      showError(msg('FailedSend'));
    }).then(function () {
      form.removeAttribute('data-sending');
      form.removeAttribute('aria-busy');
    });
  });

  // ---- the live stream ----
  var es = null, lastId = data.liveSince || '0', lost = false, retry = null;
  function connect() {
    if (!sitting || !window.EventSource || es) return;
    if (!lost) setConn('connecting', msg('Connecting'));
    es = new EventSource('/api/v1/events?sitting=' + encodeURIComponent(sitting) + '&since=' + encodeURIComponent(lastId));
    es.onopen = function () {
      setConn('live', msg('Live'));
      if (lost) {
        lost = false;
        announce(msg('Back'), false);
        schedule(allSections());
      }
    };
    es.onerror = function () {
      if (!lost) {
        lost = true;
        setConn('lost', msg('Lost'));
        announce(msg('Lost'), false);
      }
      // the browser retries by itself unless the server refused outright
      if (es && es.readyState === 2) {
        es.close();
        es = null;
        if (!retry) retry = setTimeout(function () { retry = null; connect(); }, 3000);
      }
    };
    TYPES.forEach(function (type) {
      es.addEventListener(type, function (ev) {
        if (ev.lastEventId) lastId = ev.lastEventId;
        var d = {};
        try { d = JSON.parse(ev.data) || {}; } catch (err) { d = {}; }
        on[type](d);
        schedule(sectionsFor(type, d));
      });
    });
  }
  window.addEventListener('pagehide', function () {
    if (es) {
      es.close();
      es = null;
    }
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) {
      connect();
      schedule(allSections());
    }
  });
  connect();
  tick();
})();
