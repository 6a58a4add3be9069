/* A keyboard-friendly picker for long multi-select lists (countries, sectors):
   type to filter, arrows to move, Enter to choose, Backspace to remove the last
   choice. It enhances every <select multiple data-picker>; without JavaScript
   the plain multiple select still works. Choosing fires "change" on the select. */
(function () {
  "use strict";

  function enhance(root) {
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
      input.placeholder = select.getAttribute("data-placeholder") || "Type to search…";
      var list = document.createElement("ul");
      list.className = "picker__list";
      list.setAttribute("role", "listbox");
      list.id = select.id + "-list";
      list.hidden = true;
      input.setAttribute("aria-controls", list.id);
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (label) { label.setAttribute("for", input.id); }
      select.hidden = true;
      select.parentNode.insertBefore(wrapper, select);
      wrapper.appendChild(chips);
      wrapper.appendChild(input);
      wrapper.appendChild(list);
      wrapper.appendChild(select);
      var active = -1;

      function changed() {
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }

      function renderChips() {
        chips.innerHTML = "";
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.selected) { return; }
          var chip = document.createElement("span");
          chip.className = "chip";
          chip.textContent = option.textContent + " ";
          var remove = document.createElement("button");
          remove.type = "button";
          remove.setAttribute("aria-label", (select.getAttribute("data-remove-label") || "Remove") + " " + option.textContent);
          remove.textContent = "×";
          remove.addEventListener("click", function () {
            option.selected = false;
            renderChips();
            changed();
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

      function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      }

      function choose(option) {
        option.selected = !option.selected;
        input.value = "";
        active = -1;
        renderChips();
        close();
        changed();
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
          if (chosen.length) { chosen[chosen.length - 1].selected = false; renderChips(); changed(); }
        }
      });
      renderChips();
    });
  }


  window.CrossroadsPicker = { enhance: enhance };
  enhance(document);
})();
