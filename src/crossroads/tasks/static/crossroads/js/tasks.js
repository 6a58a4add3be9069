/* Live progress of a background task: polls the run's status and redraws the bar;
   when the run ends, reloads the page so that its outcome (or result) shows. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-task-status]");
  Array.prototype.forEach.call(boxes, function (box) {
    var url = box.getAttribute("data-task-status");
    var bar = box.querySelector("[data-task-bar]");
    var step = box.querySelector("[data-task-step]");
    var amount = box.querySelector("[data-task-amount]");

    function show(state) {
      step.textContent = state.step;
      amount.textContent = state.amount;
      if (state.percent === null) {
        bar.removeAttribute("value");
      } else {
        bar.value = state.percent;
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { window.setTimeout(poll, 3000); return; }
          if (!state.active) { window.location.reload(); return; }
          show(state);
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  });
})();
