// The document view: an item and its quotes light up together (hover, focus), and a
// selected item stays lit with its first quote scrolled into view. Ours, no library.
(function () {
  "use strict";
  document.documentElement.classList.remove("nojs");
  document.documentElement.classList.add("js");

  function marksOf(id) {
    return document.querySelectorAll('mark[data-items~="' + id + '"], .qtag[data-item="' + id + '"]');
  }
  function light(ids, name, on) {
    ids.forEach(function (id) {
      marksOf(id).forEach(function (el) { el.classList.toggle(name, on); });
      var item = document.getElementById(id);
      if (item) { item.classList.toggle(name, on); }
    });
  }
  function idsAt(target) {
    var item = target.closest && target.closest("li.item[data-item], [data-alignment-item]");
    if (item) { return [item.getAttribute("data-item") || item.getAttribute("data-alignment-item")]; }
    var mark = target.closest && target.closest("mark[data-items], .qtag[data-item]");
    if (mark) { return (mark.getAttribute("data-items") || mark.getAttribute("data-item")).split(" "); }
    return [];
  }
  var lit = [];
  function hover(event) {
    var ids = idsAt(event.target);
    if (ids.join(" ") === lit.join(" ")) { return; }
    light(lit, "hl", false);
    lit = ids;
    light(lit, "hl", true);
  }
  document.addEventListener("mouseover", hover);
  document.addEventListener("focusin", hover);

  var selected = null;
  function select(id) {
    if (selected) {
      light([selected], "sel", false);
      document.querySelectorAll('[data-select="' + selected + '"]').forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    }
    if (id === selected || id === null) { selected = null; return; }
    selected = id;
    light([id], "sel", true);
    document.querySelectorAll('[data-select="' + id + '"]').forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
    var first = document.querySelector('mark[data-items~="' + id + '"]');
    if (first) { first.scrollIntoView({ block: "center", behavior: "auto" }); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-select]");
    if (button) { select(button.getAttribute("data-select")); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && selected) { select(null); }
  });
  window.summarizerSelect = select;
})();
