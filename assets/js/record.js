// record.js: the Hansard editor's screen (/sittings/ID/record/edit), on top
// of forms that work without it. What it adds:
//   - autosave: a speech is saved through the JSON API two seconds after the
//     last keystroke (POST /api/v1/speeches/ID with the version it was read
//     at); the form's own Save button saves at once;
//   - conflict detection: when someone else saved the speech meanwhile the
//     API answers 409; the dialog shows their saved text beside ours and the
//     editor keeps theirs or overwrites it with ours (nothing is lost
//     silently either way);
//   - keyboard shortcuts (by physical key, so they work with an Arabic
//     layout too): Ctrl+S save, Alt+N / Alt+P next / previous speech, Alt+F
//     next open flag, Alt+K play or pause the recording from this speech,
//     Alt+J / Alt+L five seconds back / forward;
//   - media time codes: a time code link seeks the page's player instead of
//     opening the recording.
// Text typed while offline stays in the page and is saved when the
// connection returns; leaving the page with unsaved text asks first.
(function () {
  'use strict';
  var root = document.getElementById('rec-editor');
  if (!root || !window.fetch || !window.JSON) return;
  var sitting = root.getAttribute('data-sitting');
  var csrf = root.getAttribute('data-csrf') || '';
  var media = document.getElementById('ed-media');
  var dialog = document.getElementById('conflict');
  var DELAY = 2000;

  function msg(name) { return root.getAttribute('data-msg-' + name) || ''; }

  // ---- per-speech state ----
  var forms = Array.prototype.slice.call(root.querySelectorAll('form.ed-form'));
  var state = new Map();
  forms.forEach(function (form) {
    var person = form.querySelector('select[name=person_id]');
    var confirm = form.querySelector('input[name=confirm_attribution]');
    state.set(form, {
      id: form.getAttribute('data-speech'),
      dirty: false, saving: false, again: false, timer: null, conflict: false,
      person0: person ? person.value : '',
      confirm0: confirm ? confirm.checked : false
    });
    form.addEventListener('input', function () { changed(form); });
    form.addEventListener('change', function () { changed(form); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      save(form, true);
    });
  });

  function field(form, name) { return form.querySelector('[name=' + name + ']'); }
  function setState(form, text, cls) {
    var el = form.querySelector('.ed-state');
    if (!el) return;
    el.textContent = text;
    el.className = 'ed-state' + (cls ? ' ' + cls : '');
  }
  function setVersion(form, v) {
    field(form, 'version').value = String(v);
    var art = form.closest('article');
    if (art) {
      art.setAttribute('data-version', String(v));
      var ver = art.querySelector('.ver');
      if (ver) ver.textContent = String(v);
    }
  }

  function changed(form) {
    var s = state.get(form);
    s.dirty = true;
    setState(form, msg('unsaved'), 'dirty');
    if (s.conflict) return; // wait for the editor's choice
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { save(form, false); }, DELAY);
  }

  // The JSON body of a save: the text, the version it was read at, the
  // printed label and role, and the speaker when it changed.
  function body(form, s) {
    var b = { text: field(form, 'text').value, version: parseInt(field(form, 'version').value, 10) };
    var label = field(form, 'label'), role = field(form, 'role');
    if (label) b.label = label.value;
    if (role) b.role = role.value;
    var person = field(form, 'person_id');
    if (person && !person.disabled && person.value && person.value !== s.person0) b.person_id = parseInt(person.value, 10);
    var confirm = field(form, 'confirm_attribution');
    if (confirm && confirm.checked && (!s.confirm0 || b.person_id)) b.confirm_attribution = true;
    return b;
  }

  function save(form, now) {
    var s = state.get(form);
    clearTimeout(s.timer);
    if (s.saving) { s.again = true; return Promise.resolve(); }
    if (!s.dirty && !now) return Promise.resolve();
    if (s.conflict && !now) return Promise.resolve();
    var b = body(form, s);
    s.saving = true;
    s.dirty = false;
    setState(form, msg('saving'), 'saving');
    return fetch('/api/v1/speeches/' + encodeURIComponent(s.id), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(b)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (j) { return { res: res, j: j }; });
    }).then(function (x) {
      if (x.res.ok) {
        s.conflict = false;
        if (x.j && x.j.version) setVersion(form, x.j.version);
        if (b.person_id) s.person0 = String(b.person_id);
        if (b.confirm_attribution) s.confirm0 = true;
        setState(form, s.dirty ? msg('unsaved') : msg('saved'), s.dirty ? 'dirty' : 'saved');
        return;
      }
      s.dirty = true;
      if (x.res.status === 409) {
        s.conflict = true;
        setState(form, msg('conflict'), 'conflict');
        return conflict(form, x.j || {});
      }
      var e = x.j && x.j.error;
      setState(form, (e && e.message) || msg('failed'), 'error');
    }).catch(function () {
      s.dirty = true;
      setState(form, navigator.onLine === false ? msg('offline') : msg('failed'), 'error');
    }).then(function () {
      s.saving = false;
      if (s.again) {
        s.again = false;
        if (s.dirty && !s.conflict) save(form, false);
      }
    });
  }

  window.addEventListener('online', function () {
    forms.forEach(function (f) { var s = state.get(f); if (s.dirty && !s.conflict) save(f, false); });
  });
  window.addEventListener('beforeunload', function (e) {
    var dirty = forms.some(function (f) { return state.get(f).dirty; });
    if (dirty) { e.preventDefault(); e.returnValue = ''; }
  });

  // ---- the conflict dialog ----
  function paras(el, text) {
    el.textContent = '';
    String(text || '').split('\n').forEach(function (t) {
      if (!t) return;
      var p = document.createElement('p');
      p.textContent = t;
      el.appendChild(p);
    });
  }

  // Shows the other editor's saved text (read again from the API) beside
  // ours and waits for a choice.
  function conflict(form, info) {
    var s = state.get(form);
    return fetch('/api/v1/sittings/' + encodeURIComponent(sitting) + '/record', {
      credentials: 'same-origin', headers: { 'Accept': 'application/json' }
    }).then(function (res) { return res.ok ? res.json() : {}; }).catch(function () { return {}; }).then(function (rec) {
      var theirs = null;
      (rec.speeches || []).forEach(function (sp) { if (String(sp.id) === String(s.id)) theirs = sp; });
      var version = theirs ? theirs.version : info.current_version;
      var text = theirs ? theirs.text : '';
      if (!dialog || typeof dialog.showModal !== 'function') {
        // no dialog element: say so beside the form and keep our text
        setState(form, msg('conflict') + ' (' + (info.edited_by || '') + ')', 'conflict');
        return;
      }
      dialog.querySelector('.cf-who').textContent = (info.edited_by || (theirs && theirs.edited_by) || '') +
        ' · ' + (info.edited_at || (theirs && theirs.edited_at) || '') + ' · v' + version;
      paras(dialog.querySelector('.cf-theirs'), text);
      paras(dialog.querySelector('.cf-mine'), field(form, 'text').value);
      dialog.setAttribute('data-speech', s.id);
      var done = function (choice) {
        dialog.close();
        s.conflict = false;
        if (choice === 'mine') {
          setVersion(form, version);
          s.dirty = true;
          save(form, true);
        } else if (choice === 'theirs') {
          field(form, 'text').value = text;
          if (theirs) {
            if (field(form, 'label')) field(form, 'label').value = theirs.label || '';
            if (field(form, 'role')) field(form, 'role').value = theirs.role || '';
          }
          setVersion(form, version);
          s.dirty = false;
          setState(form, msg('saved'), 'saved');
        } else {
          s.conflict = true; // autosave waits; the Save button asks again
        }
        var ta = field(form, 'text');
        if (ta) ta.focus();
      };
      dialog.querySelector('.cf-keep-mine').onclick = function () { done('mine'); };
      dialog.querySelector('.cf-take-theirs').onclick = function () { done('theirs'); };
      dialog.querySelector('.cf-cancel').onclick = function () { done('later'); };
      dialog.oncancel = function (e) { e.preventDefault(); done('later'); };
      dialog.showModal();
    });
  }

  // ---- media ----
  function playable() {
    return media && !(media.error) && media.networkState !== 3; // NETWORK_NO_SOURCE
  }
  function seek(ms, play) {
    if (!playable()) return false;
    try {
      media.currentTime = Math.max(0, ms / 1000);
      if (play) { var p = media.play(); if (p && p.catch) p.catch(function () {}); }
      return true;
    } catch (e) { return false; }
  }
  root.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.seek');
    if (!a) return;
    var ms = parseInt(a.getAttribute('data-ms'), 10);
    if (!isNaN(ms) && seek(ms, true)) e.preventDefault();
  });

  // ---- keyboard ----
  var articles = Array.prototype.slice.call(root.querySelectorAll('article.ed-speech'));
  function current() {
    var el = document.activeElement;
    var a = el && el.closest ? el.closest('article.ed-speech') : null;
    return a ? articles.indexOf(a) : -1;
  }
  function go(i) {
    if (i < 0 || i >= articles.length) return;
    var a = articles[i];
    var ta = a.querySelector('textarea');
    a.scrollIntoView({ block: 'center' });
    (ta || a).focus();
  }
  function nextFlag() {
    var flags = Array.prototype.slice.call(root.querySelectorAll('li.ed-flag.open'));
    if (!flags.length) return;
    var from = document.activeElement;
    var next = flags.find(function (f) {
      return from && from !== document.body && (from.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING) && !f.contains(from);
    }) || flags[0];
    next.scrollIntoView({ block: 'center' });
    var input = next.querySelector('input');
    (input || next).focus();
  }
  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === 'KeyS') {
      e.preventDefault();
      var i = current();
      if (i >= 0) save(articles[i].querySelector('form.ed-form'), true);
      else forms.forEach(function (f) { if (state.get(f).dirty) save(f, true); });
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    var k = e.code, i2 = current();
    if (k === 'KeyN') { e.preventDefault(); go(i2 + 1); }
    else if (k === 'KeyP') { e.preventDefault(); go(i2 < 0 ? 0 : i2 - 1); }
    else if (k === 'KeyF') { e.preventDefault(); nextFlag(); }
    else if (k === 'KeyK' && media) {
      e.preventDefault();
      if (!media.paused) media.pause();
      else {
        // from the start of the speech being edited
        var a = articles[i2 < 0 ? 0 : i2];
        var ms = a ? parseInt(a.getAttribute('data-start'), 10) : -1;
        if (!(ms >= 0 && seek(ms, true)) && playable()) { var p = media.play(); if (p && p.catch) p.catch(function () {}); }
      }
    } else if ((k === 'KeyJ' || k === 'KeyL') && media && playable()) {
      e.preventDefault();
      media.currentTime = Math.max(0, media.currentTime + (k === 'KeyJ' ? -5 : 5));
    }
  });
})();
