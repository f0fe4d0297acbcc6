// Small behaviour for every page, loaded as a file: the Content-Security-Policy allows no inline script, and
// htmx runs with allowEval off, so no hx-on attributes either.
//
// data-busy-target="ID" on an element: while an htmx request started inside it runs, the element with that id
// has aria-busy="true" (screen readers wait for the new results before reading them).
(function () {
  "use strict";
  function busyTarget(event) {
    var box = event.target.closest && event.target.closest("[data-busy-target]");
    return box ? document.getElementById(box.getAttribute("data-busy-target")) : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = busyTarget(event);
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = busyTarget(event);
    if (target) target.removeAttribute("aria-busy");
  });
})();

// The idle warning (WCAG 2.1 SC 2.2.1 Timing Adjustable). base.html renders <dialog id="session-warning"> for
// logged-in people, with the idle limit (data-session-idle-minutes), the keepalive URL and its texts (translated by
// the template). Two minutes before the limit the dialog opens, focus on "Stay signed in"; that button (or Escape:
// someone who presses a key is there) posts to the keepalive URL and the clock starts again. Every htmx request
// restarts it too. When the time is up the page reloads and the server shows the login page.
(function () {
  "use strict";
  var WARN_BEFORE = 2 * 60 * 1000;
  var dialog, idleMs, deadline, warnTimer, endTimer, tick, returnFocus;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function timeLeft() {
    var seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function render() {
    var text = dialog.getAttribute("data-session-time-left");
    document.getElementById("session-warning-text").textContent = text.replace("{time}", timeLeft());
  }

  function restart() {
    if (!dialog) return;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    deadline = Date.now() + idleMs;
    warnTimer = setTimeout(show, Math.max(0, idleMs - WARN_BEFORE));
    // A moment after the server's limit, so the reload meets an ended session (and does not extend it).
    endTimer = setTimeout(function () { window.location.reload(); }, idleMs + 2000);
  }

  function show() {
    if (!dialog || dialog.open) return;
    returnFocus = document.activeElement;
    render();
    tick = setInterval(render, 1000);
    dialog.showModal();
    dialog.querySelector("[data-session-stay]").focus();
  }

  function close() {
    clearInterval(tick);
    if (dialog.open) dialog.close();
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  function stay() {
    close();
    fetch(dialog.getAttribute("data-session-keepalive-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      if (response.status === 204) restart();
      else window.location.reload();  // the session had ended already: the login page
    }, restart);
  }

  function start() {
    dialog = document.getElementById("session-warning");
    if (!dialog) return;
    idleMs = parseInt(dialog.getAttribute("data-session-idle-minutes"), 10) * 60 * 1000;
    if (!(idleMs > 0)) { dialog = null; return; }
    dialog.querySelector("[data-session-stay]").addEventListener("click", stay);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    document.addEventListener("htmx:afterRequest", restart);
    window.buurtkracht = window.buurtkracht || {};
    window.buurtkracht.showSessionWarning = show;
    restart();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
