/* Charts: tooltips on hover and keyboard focus, series toggling from the legend,
   and switching between a chart and its table. The charts themselves are SVG
   drawn on the server; without this script they and their tables still show. */
(function () {
  "use strict";

  function showTip(figure, mark) {
    var tip = figure.querySelector(".chart__tip");
    var holder = figure.querySelector(".chart__figure");
    if (!tip || !holder) { return; }
    tip.textContent = mark.getAttribute("data-tip");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var outer = holder.getBoundingClientRect();
    var left = box.left - outer.left + box.width / 2;
    var top = box.top - outer.top;
    tip.classList.toggle("chart__tip--left", left > outer.width * 0.6);
    tip.style.setProperty("--tip-x", left + "px");
    tip.style.setProperty("--tip-y", top + "px");
  }

  function hideTip(figure) {
    var tip = figure.querySelector(".chart__tip");
    if (tip) { tip.hidden = true; }
  }

  function toggleSeries(figure, item) {
    var key = item.getAttribute("data-series");
    var on = item.getAttribute("aria-pressed") !== "true";
    item.setAttribute("aria-pressed", on ? "true" : "false");
    item.classList.toggle("is-off", !on);
    figure.querySelectorAll('.chart__series[data-series="' + key + '"]').forEach(function (g) {
      g.classList.toggle("is-hidden", !on);
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (figure) {
    figure.querySelectorAll(".chart__mark").forEach(function (mark) {
      mark.addEventListener("mouseenter", function () { showTip(figure, mark); });
      mark.addEventListener("focus", function () { showTip(figure, mark); });
      mark.addEventListener("mouseleave", function () { hideTip(figure); });
      mark.addEventListener("blur", function () { hideTip(figure); });
    });
    figure.querySelectorAll(".chart__legend-item").forEach(function (item) {
      item.addEventListener("click", function () { toggleSeries(figure, item); });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggleSeries(figure, item);
        }
      });
    });
    var button = figure.querySelector("[data-chart-toggle]");
    var table = figure.querySelector(".chart__table--toggle");
    var drawing = figure.querySelector(".chart__figure");
    if (button && table && drawing) {
      var showLabel = button.textContent;
      var chartLabel = button.getAttribute("data-label-chart");
      table.hidden = true;
      button.addEventListener("click", function () {
        var toTable = table.hidden;
        table.hidden = !toTable;
        drawing.hidden = toTable;
        button.setAttribute("aria-expanded", toTable ? "true" : "false");
        button.textContent = toTable ? chartLabel : showLabel;
        if (toTable) { table.setAttribute("tabindex", "-1"); table.focus(); }
      });
    }
  });
})();
