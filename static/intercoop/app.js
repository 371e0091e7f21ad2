// intercoop shell behaviour. Charts: any element with data-chart holding a JSON ECharts option is drawn.
(function () {
  "use strict";
  // A chart with data-map draws once that map (a vendored GeoJSON on this server) is registered.
  var maps = {};
  function withMap(url, draw) {
    if (!url) { draw(); return; }
    if (!maps[url]) {
      maps[url] = fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (geo) { window.echarts.registerMap("world", geo); });
    }
    maps[url].then(draw);
  }
  function drawCharts(root) {
    if (typeof window.echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      withMap(el.dataset.map, function () {
        var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
        chart.setOption(JSON.parse(source.textContent));
        // Every chart element that carries the address of its records opens them.
        chart.off("click");
        chart.on("click", function (params) {
          if (params.data && params.data.url) { window.location.href = params.data.url; }
        });
        el.dataset.rendered = "true";
      });
    });
  }
  // Searchable pickers (Tom Select, vendored): every list of several choices, and every long list
  // (partners, people, units, countries), takes typing to filter; no Ctrl+click list boxes.
  var LONG = 12;
  function enhanceSelects(root) {
    if (typeof window.TomSelect === "undefined") { return; }
    var noResults = document.body.dataset.noResults || "";
    root.querySelectorAll("select").forEach(function (el) {
      if (el.tomselect || el.dataset.plain !== undefined) { return; }
      if (!el.multiple && el.options.length <= LONG) { return; }
      new window.TomSelect(el, {
        plugins: el.multiple ? ["remove_button"] : [],
        maxOptions: null,
        allowEmptyOption: true,
        create: false,
        render: { no_results: function () { return '<div class="no-results">' + noResults + "</div>"; } }
      });
    });
  }
  // Every POST form carries a one-time token (core.once): sent twice, it is carried out once.
  function onceToken() {
    if (window.crypto && window.crypto.getRandomValues) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    }
    return (Date.now().toString(16) + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2)).slice(0, 32);
  }
  function stampForms(root) {
    var forms = root.matches && root.matches("form") ? [root] : root.querySelectorAll("form");
    forms.forEach(function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post" || form.querySelector('input[name="_once"]')) { return; }
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "_once"; input.value = onceToken();
      form.appendChild(input);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); enhanceSelects(document); stampForms(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { stampForms(evt.target); });
  document.addEventListener("htmx:afterSwap", function (evt) { enhanceSelects(evt.target); });
  // Bulk actions: a head checkbox ticks every row of its form; the form remembers the list it came from.
  document.addEventListener("change", function (evt) {
    var all = evt.target.closest && evt.target.closest("[data-select-all]");
    if (!all) { return; }
    document.querySelectorAll('input[name="selected"][form="' + all.dataset.selectAll + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
  document.addEventListener("submit", function (evt) {
    if (!evt.target.matches("[data-bulk]")) { return; }
    var next = evt.target.querySelector('input[name="next"]');
    if (next) { next.value = window.location.pathname + window.location.search; }
  });
  // No inline handlers (the Content-Security-Policy allows scripts from this site only): a select with
  // data-autosubmit submits its form when changed; a field with data-select-on-click selects its text.
  document.addEventListener("change", function (evt) {
    var el = evt.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (evt) {
    var el = evt.target;
    if (el.matches && el.matches("[data-select-on-click]")) { el.select(); }
  });
  // A button with data-print prints the page (the print stylesheet leaves the content alone).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-print-page]");
    if (button) { evt.preventDefault(); window.print(); }
  });
  document.addEventListener("htmx:afterSwap", function (evt) { drawCharts(evt.target); });
  window.addEventListener("resize", function () {
    if (typeof window.echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
  // Ask before archiving: forms with data-confirm.
  document.addEventListener("submit", function (evt) {
    var msg = evt.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { evt.preventDefault(); }
  });
  // A form is sent once: a second click while the first sending is on its way does nothing. The buttons
  // are disabled after the browser has taken the clicked button's value; they come back for a page
  // restored from the back-forward cache and after an HTMX request.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (evt.defaultPrevented || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.dataset.sending === "1") { evt.preventDefault(); return; }
    form.dataset.sending = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
    // A form whose answer is a download leaves the page where it is: free it again after a while.
    window.setTimeout(function () { releaseForms(form.parentNode || document); }, 5000);
  });
  function releaseForms(root) {
    root.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  }
  window.addEventListener("pageshow", function () { releaseForms(document); });
  document.addEventListener("htmx:afterRequest", function () { releaseForms(document); });
})();
