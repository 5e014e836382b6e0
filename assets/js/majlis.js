// majlis.js: progressive enhancement only; every page works without it.
// On a sitting page, listens to the live events of that sitting and announces
// them in the page's ARIA live region. EventSource reconnects by itself and
// sends Last-Event-ID, so nothing is missed after a dropped connection.
(function () {
  "use strict";
  var live = document.querySelector(".live[data-sitting]");
  if (!live || !window.EventSource) return;
  var es = new EventSource("/api/v1/events?sitting=" + encodeURIComponent(live.dataset.sitting));
  function show(ev) {
    var text;
    try { var d = JSON.parse(ev.data); text = ev.type + (d.result ? ": " + d.result : ""); }
    catch (e) { text = ev.type; }
    live.textContent = text;
  }
  ["vote.opened", "vote.closed", "sitting.opened", "sitting.closed", "speaker.changed"].forEach(function (t) {
    es.addEventListener(t, show);
  });
})();
