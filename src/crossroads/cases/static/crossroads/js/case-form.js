/* The case record form: conditional fields and repeatable events (the keyboard
   picker for long lists is picker.js). The server is the authority on every
   rule; this only helps people see what applies. */
(function () {
  "use strict";
  var form = document.querySelector("[data-case-form]");
  if (!form) { return; }

  // ------------------------------------------------------------ values
  function fieldValue(code) {
    var inputs = form.querySelectorAll('[name="f-' + code + '"]');
    if (!inputs.length) { return null; }
    var first = inputs[0];
    if (first.type === "checkbox") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked && !i.disabled; })
        .map(function (i) { return i.value; });
    }
    if (first.tagName === "SELECT" && first.multiple) {
      return Array.prototype.filter.call(first.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    if (first.disabled) { return null; }
    return first.value;
  }

  function empty(value) {
    return value === null || value === "" || (Array.isArray(value) && value.length === 0);
  }

  function holds(condition) {
    if (!condition) { return true; }
    if (condition.any) { return condition.any.some(holds); }
    if (condition.all) { return condition.all.every(holds); }
    var value = fieldValue(condition.field);
    if (empty(value)) { return false; }
    if (condition["in"]) { return condition["in"].indexOf(value) !== -1; }
    if (condition.any_of) {
      return value.some(function (v) { return condition.any_of.indexOf(v) !== -1; });
    }
    if (condition.lt !== undefined) { return parseInt(value, 10) < condition.lt; }
    if (condition.excludes) { return value.indexOf(condition.excludes) === -1; }
    return true;
  }

  function applyConditions() {
    form.querySelectorAll("[data-applies-when]").forEach(function (element) {
      var show = holds(JSON.parse(element.getAttribute("data-applies-when")));
      element.hidden = !show;
      // Hidden inputs are disabled so they are not submitted.
      element.querySelectorAll("input, select, textarea, button").forEach(function (input) {
        input.disabled = !show;
      });
    });
  }

  // ------------------------------------------------------------ events
  function nextIndex(kind) {
    var highest = -1;
    kind.querySelectorAll("[data-event-list] [name]").forEach(function (input) {
      var match = /^e-[a-z_]+-(\d+)-/.exec(input.name);
      if (match) { highest = Math.max(highest, parseInt(match[1], 10)); }
    });
    return highest + 1;
  }

  function addEvent(kind) {
    var template = kind.querySelector("template[data-event-template]");
    var index = String(nextIndex(kind));
    var html = template.innerHTML.replace(/__index__/g, index);
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var entry = holder.firstElementChild;
    kind.querySelector("[data-event-list]").appendChild(entry);
    if (window.CrossroadsPicker) { window.CrossroadsPicker.enhance(entry); }
    var first = entry.querySelector("select, input");
    if (first) { first.focus(); }
  }

  form.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches("[data-add-event]")) {
      addEvent(target.closest("[data-event-kind]"));
    } else if (target.matches("[data-remove-event]")) {
      var kind = target.closest("[data-event-kind]");
      target.closest("[data-event]").remove();
      var add = kind.querySelector("[data-add-event]");
      if (add) { add.focus(); }
    }
  });

  // ------------------------------------------------------------ checkboxes
  // Arrow keys move between the boxes of one group, so a long group is not a
  // long walk with Tab; Space still ticks the focused box.
  form.addEventListener("keydown", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.closest(".choices")) { return; }
    var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    if (!(event.key in keys)) { return; }
    var boxes = Array.prototype.slice.call(box.closest(".choices").querySelectorAll("input[type=checkbox]"));
    var next = boxes[boxes.indexOf(box) + keys[event.key]];
    if (next) { next.focus(); event.preventDefault(); }
  });

  // ------------------------------------------------------------ completeness
  // An estimate while typing, by the server's rule: applicable record fields
  // needed for completeness that are filled, over those fields (events'
  // fields are left out here); saving gives the exact figure.
  var live = form.querySelector("[data-completeness-live]");
  function filled(element) {
    var inputs = element.querySelectorAll("input, select");
    return Array.prototype.some.call(inputs, function (input) {
      if (input.disabled) { return false; }
      if (input.type === "checkbox" || input.type === "radio") { return input.checked; }
      if (input.tagName === "SELECT" && input.multiple) { return input.selectedOptions.length > 0; }
      return input.value.trim() !== "" && !input.matches("[role=combobox]");
    });
  }
  function updateCompleteness() {
    if (!live) { return; }
    var fields = form.querySelectorAll(".form-section > .form-section__body > [data-field]");
    var applicable = 0, done = 0, needed = 0;
    fields.forEach(function (element) {
      if (element.hidden || !element.hasAttribute("data-required")) { return; }
      applicable += 1;
      if (filled(element)) { done += 1; } else { needed += 1; }
    });
    var percent = applicable ? Math.floor(100 * done / applicable) : 100;
    live.querySelector("meter").value = percent;
    var shown = live.querySelector("[data-percent]");
    shown.textContent = (shown.getAttribute("data-pattern") || "{}%").replace("{}", percent);
    live.querySelector("[data-needed]").textContent = needed ?
      (live.getAttribute("data-needed-label") || "needed fields empty: ") + needed : "";
  }

  form.addEventListener("change", applyConditions);
  form.addEventListener("change", updateCompleteness);
  form.addEventListener("input", updateCompleteness);
  form.addEventListener("input", applyConditions);
  applyConditions();
  updateCompleteness();

  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
