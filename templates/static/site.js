// sitegen: the highlight legend (which entity types, quotes and citations show, remembered across pages).
(function () {
  "use strict";
  var TYPES = ["person", "org", "place", "misc", "quote", "cite"];
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

// Footnotes open in place: a click (or keyboard focus) on a reference shows the note beside it;
// without JavaScript the reference still jumps to the list at the end.
(function () {
  "use strict";
  var open = null;
  function close() {
    if (open) { open.popover.remove(); open.link.setAttribute("aria-expanded", "false"); open = null; }
  }
  function place(link, popover) {
    var box = link.getBoundingClientRect();
    var parent = popover.offsetParent || document.body;
    var origin = parent.getBoundingClientRect();
    var width = popover.offsetWidth;
    var room = document.documentElement.clientWidth - 8;
    var left = Math.max(8, Math.min(box.left, room - width));
    popover.style.left = (left - origin.left) + "px";
    popover.style.top = (box.bottom - origin.top) + "px";
  }
  function show(link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) { return false; }
    close();
    var popover = document.createElement("span");
    popover.className = "fn-popover";
    popover.setAttribute("role", "note");
    popover.id = "popover-" + target.id.replace(/[^\w-]/g, "-");
    var content = target.cloneNode(true);
    content.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
    content.removeAttribute("id");
    content.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
    popover.innerHTML = content.innerHTML;
    // Read right after the reference, shown below it, out of the text's flow (no block mid-sentence).
    link.parentNode.insertAdjacentElement("afterend", popover);
    place(link, popover);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-describedby", popover.id);
    open = { link: link, popover: popover };
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.footnote-ref");
    if (link) {
      if (open && open.link === link) {
        // A mouse press focuses the link first: the note it opened stays; a second click closes it.
        if (open.byFocus) { open.byFocus = false; } else { close(); }
        event.preventDefault();
        return;
      }
      if (show(link)) { event.preventDefault(); }
      return;
    }
    if (open && !open.popover.contains(event.target)) { close(); }
  });
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a.footnote-ref");
    if (link && (!open || open.link !== link) && show(link)) { open.byFocus = true; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
  });
})();
