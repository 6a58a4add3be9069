/* The case record form: conditional fields, repeatable events, and a keyboard-
   friendly picker for long multi-select lists (countries). The server is the
   authority on every rule; this only helps people see what applies. */
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
    enhancePickers(entry);
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

  // ------------------------------------------------------------ picker
  function enhancePickers(root) {
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.dataset.enhanced) { return; }
      select.dataset.enhanced = "1";
      var wrapper = document.createElement("div");
      wrapper.className = "picker";
      var chips = document.createElement("div");
      chips.className = "picker__chips";
      var input = document.createElement("input");
      input.type = "text";
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("autocomplete", "off");
      input.id = select.id + "-search";
      input.placeholder = form.getAttribute("data-picker-placeholder") || "Type to search…";
      var list = document.createElement("ul");
      list.className = "picker__list";
      list.setAttribute("role", "listbox");
      list.id = select.id + "-list";
      list.hidden = true;
      input.setAttribute("aria-controls", list.id);
      var label = form.querySelector('label[for="' + select.id + '"]');
      if (label) { label.setAttribute("for", input.id); }
      select.hidden = true;
      select.parentNode.insertBefore(wrapper, select);
      wrapper.appendChild(chips);
      wrapper.appendChild(input);
      wrapper.appendChild(list);
      wrapper.appendChild(select);
      var active = -1;

      function renderChips() {
        chips.innerHTML = "";
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.selected) { return; }
          var chip = document.createElement("span");
          chip.className = "chip";
          chip.textContent = option.textContent + " ";
          var remove = document.createElement("button");
          remove.type = "button";
          remove.setAttribute("aria-label", (form.getAttribute("data-remove-label") || "Remove") + " " + option.textContent);
          remove.textContent = "×";
          remove.addEventListener("click", function () {
            option.selected = false;
            renderChips();
            applyConditions();
            input.focus();
          });
          chip.appendChild(remove);
          chips.appendChild(chip);
        });
      }

      function matches() {
        var query = input.value.trim().toLowerCase();
        return Array.prototype.filter.call(select.options, function (option) {
          return !query || option.textContent.toLowerCase().indexOf(query) !== -1 ||
            option.value.toLowerCase() === query;
        }).slice(0, 60);
      }

      function renderList() {
        var found = matches();
        list.innerHTML = "";
        found.forEach(function (option, position) {
          var item = document.createElement("li");
          item.setAttribute("role", "option");
          item.id = list.id + "-" + position;
          item.textContent = option.textContent;
          item.dataset.value = option.value;
          if (option.selected) { item.classList.add("is-chosen"); }
          item.setAttribute("aria-selected", position === active ? "true" : "false");
          item.addEventListener("mousedown", function (event) {
            event.preventDefault();
            choose(option);
          });
          list.appendChild(item);
        });
        list.hidden = found.length === 0;
        input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        if (active >= 0 && list.children[active]) {
          input.setAttribute("aria-activedescendant", list.children[active].id);
          list.children[active].scrollIntoView({ block: "nearest" });
        } else {
          input.removeAttribute("aria-activedescendant");
        }
        return found;
      }

      function choose(option) {
        option.selected = !option.selected;
        input.value = "";
        active = -1;
        renderChips();
        renderList();
        applyConditions();
      }

      input.addEventListener("input", function () { active = 0; renderList(); });
      input.addEventListener("focus", function () { renderList(); });
      input.addEventListener("blur", function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); });
      input.addEventListener("keydown", function (event) {
        var found = matches();
        if (event.key === "ArrowDown") {
          active = Math.min(active + 1, found.length - 1); renderList(); event.preventDefault();
        } else if (event.key === "ArrowUp") {
          active = Math.max(active - 1, 0); renderList(); event.preventDefault();
        } else if (event.key === "Enter") {
          if (found[active]) { choose(found[active]); }
          event.preventDefault();
        } else if (event.key === "Escape") {
          list.hidden = true; input.setAttribute("aria-expanded", "false");
        } else if (event.key === "Backspace" && input.value === "") {
          var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
          if (chosen.length) { chosen[chosen.length - 1].selected = false; renderChips(); applyConditions(); }
        }
      });
      renderChips();
    });
  }

  enhancePickers(form);
  form.addEventListener("change", applyConditions);
  form.addEventListener("input", applyConditions);
  applyConditions();

  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
