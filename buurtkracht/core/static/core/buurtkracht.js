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
