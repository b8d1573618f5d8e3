// The eval page: one document or the overview at a time, and filters, all kept in the URL
// (#doc=ID&run=1&failures=1&regressions=1&field=parties&kind=wire) so a link can be shared.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  var FLAGS = ["failures", "regressions"];
  var VALUES = ["field", "kind"];

  function read() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var state = { doc: params.get("doc") || "", run: params.get("run") || "0" };
    FLAGS.forEach(function (k) { state[k] = params.get(k) === "1"; });
    VALUES.forEach(function (k) { state[k] = params.get(k) || ""; });
    return state;
  }
  function hash(state) {
    var params = new URLSearchParams();
    if (state.doc) { params.set("doc", state.doc); params.set("run", state.run); }
    FLAGS.forEach(function (k) { if (state[k]) { params.set(k, "1"); } });
    VALUES.forEach(function (k) { if (state[k]) { params.set(k, state[k]); } });
    var text = params.toString();
    return text ? "#" + text : location.pathname + location.search;
  }
  function go(state, push) {
    if (push) {
      history.pushState(null, "", hash(state));
    } else {
      history.replaceState(null, "", hash(state));
    }
    apply(state);
  }

  function shown(row, state) {
    if (state.kind && row.getAttribute("data-kind") !== state.kind) { return false; }
    if (state.failures && row.getAttribute("data-failed") !== "1") { return false; }
    if (state.regressions) {
      var fell = row.getAttribute("data-regressed").split(" ").filter(Boolean);
      if (state.field ? fell.indexOf(state.field) < 0 : fell.length === 0) { return false; }
    }
    return true;
  }
  function setHidden(elements, test) {
    elements.forEach(function (el) { el.hidden = test(el); });
  }

  function apply(state) {
    FLAGS.forEach(function (k) { if (form.elements[k]) { form.elements[k].checked = state[k]; } });
    VALUES.forEach(function (k) { form.elements[k].value = state[k]; });
    var page = state.doc ? document.getElementById("doc-" + state.doc) : null;
    document.body.classList.toggle("doc-mode", page !== null);
    setHidden(document.querySelectorAll(".view-overview"), function () { return page !== null; });
    setHidden(document.querySelectorAll(".doc-page"), function (el) { return el !== page; });
    if (page) {
      setHidden(page.querySelectorAll(".run-panel"), function (el) {
        return el.getAttribute("data-run") !== state.run;
      });
      page.querySelectorAll("[data-run-link]").forEach(function (a) {
        if (a.getAttribute("data-run-link") === state.run) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
      });
    }
    setHidden(document.querySelectorAll("[data-field]"), function (el) {
      var field = el.getAttribute("data-field");
      return state.field !== "" && field !== state.field && field !== "overall";
    });
    document.querySelectorAll(".other-reasons").forEach(function (section) {
      section.hidden = section.querySelectorAll("li:not([hidden])").length === 0;
    });
    var count = 0;
    document.querySelectorAll("table.heatmap").forEach(function (table, t) {
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = !shown(row, state);
        if (t === 0 && !row.hidden) { count += 1; }
      });
    });
    var total = document.querySelectorAll("table.heatmap")[0].querySelectorAll("tbody tr").length;
    form.elements.shown.value = count === total ? total + " documents" : count + " of " + total + " documents shown";
    return page;
  }

  function current() { return read(); }

  form.addEventListener("change", function () {
    var state = current();
    FLAGS.forEach(function (k) { if (form.elements[k]) { state[k] = form.elements[k].checked; } });
    VALUES.forEach(function (k) { state[k] = form.elements[k].value; });
    go(state, false);
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    var state = current();
    FLAGS.forEach(function (k) { state[k] = false; });
    VALUES.forEach(function (k) { state[k] = ""; });
    go(state, false);
  });

  // A document is packed in the page (gzip, base64) and unpacked the first time it opens.
  function unpack(page) {
    var packed = page.getAttribute("data-packed");
    if (!packed) { return Promise.resolve(page); }
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (html) {
      page.innerHTML = html;
      page.removeAttribute("data-packed");
      return page;
    });
  }
  var opening = 0;
  function open(state) {
    var ticket = ++opening;
    var target = state.doc ? document.getElementById("doc-" + state.doc) : null;
    var ready = target ? unpack(target) : Promise.resolve(null);
    return ready.then(function () {
      if (ticket !== opening) { return; }  // another document was asked for meanwhile
      var page = apply(state);
      if (page) {
        page.classList.add("open");
        window.scrollTo(0, 0);
        var heading = page.querySelector("h2");
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      document.body.setAttribute("data-ready", state.doc || "overview");
    }).catch(function (error) {
      console.error("summarizer: cannot open " + state.doc + ": " + error);
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) { return; }
    var target = link.getAttribute("href");
    var state = current();
    if (target.indexOf("#doc=") === 0) {
      var params = new URLSearchParams(target.slice(1));
      state.doc = params.get("doc");
      state.run = params.get("run") || "0";
      if (params.get("field")) { state.field = params.get("field"); }
    } else if (link.hasAttribute("data-nav")) {
      state.doc = "";
    } else {
      // An anchor inside a document (a quote, an item): go there, keep the page's state.
      var element = document.getElementById(target.slice(1));
      if (element) {
        event.preventDefault();
        element.scrollIntoView({ block: "center" });
        if (!element.hasAttribute("tabindex") && !/^(A|BUTTON)$/.test(element.tagName)) { element.setAttribute("tabindex", "-1"); }
        element.focus({ preventScroll: true });
      }
      return;
    }
    event.preventDefault();
    history.pushState(null, "", hash(state));
    open(state);
  });
  window.addEventListener("popstate", function () { open(read()); });
  window.addEventListener("hashchange", function () { open(read()); });
  open(read());
})();
