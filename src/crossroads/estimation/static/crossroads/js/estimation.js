/* Estimate page: follow a running estimate's progress, then show the result. */
(function () {
  "use strict";
  var box = document.querySelector("[data-estimate-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-estimate-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var template = text ? text.getAttribute("data-template") : "";
  var badge = document.querySelector("[data-status-badge]");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 3000); return; }
        if (state.finished || state.interrupted) { window.location.reload(); return; }
        if (badge && state.status === "running") {
          badge.textContent = badge.getAttribute("data-running");
        }
        if (state.total > 0) {
          bar.max = state.total;
          bar.value = state.done;
          if (text && template) {
            text.textContent = template.replace("{done}", String(state.done))
              .replace("{total}", String(state.total));
          }
        }
        window.setTimeout(poll, 800);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
