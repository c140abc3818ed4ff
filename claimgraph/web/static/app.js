// claimgraph workbench: point from a document's claim list to its marked characters.
"use strict";
(function () {
  function focus(id) {
    document.querySelectorAll(".mark.focus").forEach(function (el) { el.classList.remove("focus"); });
    document.querySelectorAll(".claims li.active").forEach(function (el) { el.classList.remove("active"); });
    if (!id) { return; }
    var first = null;
    document.querySelectorAll(".doc-text .mark[data-claims]").forEach(function (el) {
      if (el.dataset.claims.split(" ").indexOf(id) >= 0) {
        el.classList.add("focus");
        first = first || el;
      }
    });
    var item = document.getElementById("claim-" + id);
    if (item) { item.classList.add("active"); }
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  function fromHash() {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash.indexOf("claim-") === 0) { focus(hash.slice(6)); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".claims.compact li[data-claim]").forEach(function (item) {
      item.addEventListener("click", function (event) {
        if (event.target.closest("a")) { return; }
        focus(item.dataset.claim);
      });
    });
    fromHash();
    window.addEventListener("hashchange", fromHash);
  });
})();
