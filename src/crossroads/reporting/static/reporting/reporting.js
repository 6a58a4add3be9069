/* Public reporting form: when someone says they are in danger now, bring the emergency
   numbers into view at once. The form works the same without this file. */
(function () {
  "use strict";
  var box = document.querySelector(".rp-danger");
  if (!box) { return; }
  document.querySelectorAll("input[name=in_danger]").forEach(function (input) {
    input.addEventListener("change", function () {
      var danger = input.value === "yes" && input.checked;
      box.classList.toggle("rp-danger--strong", danger);
      if (danger) { box.scrollIntoView({ behavior: "smooth", block: "start" }); box.setAttribute("tabindex", "-1"); box.focus(); }
    });
  });
})();
