/* Import progress: polls the job's status URL and reloads the page when the job
   stops running, so the report (or the result) appears by itself. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-progress-bar]");
  var label = box.querySelector("[data-progress-label]");
  var text = box.querySelector("[data-progress-text]");
  var rows = box.getAttribute("data-rows-label") || "rows";
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function show(state) {
    label.textContent = state.label;
    if (state.percent === null) {
      bar.removeAttribute("value");
    } else {
      bar.value = state.percent;
    }
    if (state.total) {
      text.textContent = format.format(state.done) + " / " + format.format(state.total) + " " + rows;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.running) { window.setTimeout(poll, 800); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
