// sitegen: the highlight legend (which entity types show, remembered across pages).
(function () {
  "use strict";
  var TYPES = ["person", "org", "place", "misc"];
  var KEY = "sitegen.hidden-types";
  function hidden() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function apply(list) {
    TYPES.forEach(function (type) {
      document.documentElement.classList.toggle("hide-" + type, list.indexOf(type) >= 0);
    });
    document.querySelectorAll(".legend button[data-type]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(list.indexOf(button.dataset.type) < 0));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".legend[hidden]").forEach(function (legend) { legend.hidden = false; });
    apply(hidden());
    document.querySelectorAll(".legend button[data-type]").forEach(function (button) {
      button.addEventListener("click", function () {
        var list = hidden();
        var type = button.dataset.type;
        var at = list.indexOf(type);
        if (at >= 0) { list.splice(at, 1); } else { list.push(type); }
        try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode */ }
        apply(list);
      });
    });
  });
})();
