// sitegen: the search page. Pagefind UI replaces the plain form; ?q=... from the header form runs at once.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") { return; }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    box.innerHTML = "";
    // The other languages' indexes are merged in: a German word finds English articles too.
    // (The same bundle by its absolute URL: Pagefind skips a merge whose path starts like the primary's.)
    var bundle = new URL(box.dataset.bundle, window.location.href).href;
    var others = (box.dataset.languages || "").split(" ").filter(Boolean).map(function (code) {
      return { bundlePath: bundle, language: code };
    });
    // A large site's index comes in parts (search_shard_size): every part's language indexes are merged in.
    var shards = (box.dataset.shards || "").split(" ").filter(Boolean);
    for (var i = 0; i + 1 < shards.length; i += 2) {
      others.push({ bundlePath: new URL(shards[i], window.location.href).href, language: shards[i + 1] });
    }
    var ui = new PagefindUI({
      mergeIndex: others,
      element: "#search",
      bundlePath: box.dataset.bundle,
      baseUrl: box.dataset.base,
      showImages: false,
      showSubResults: true,
      resetStyles: false
    });
    // Pagefind's input has only a placeholder: name it by the page's visible heading.
    var input = box.querySelector("input");
    if (input) { input.setAttribute("aria-labelledby", "search-title"); }
    if (query) { ui.triggerSearch(query); }
    // Switching language keeps the words typed so far.
    document.querySelectorAll("a.search-language").forEach(function (link) {
      link.addEventListener("click", function () {
        var input = box.querySelector("input");
        if (input && input.value) { link.href = link.href.split("?")[0] + "?q=" + encodeURIComponent(input.value); }
      });
    });
  });
})();
