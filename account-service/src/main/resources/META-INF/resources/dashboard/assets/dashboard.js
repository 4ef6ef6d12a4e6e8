// The dashboard's only hand-written script: selection, the disconnect dialog, the CSRF header and error states.
// Filters, sorting and paging work without it (plain GET forms and links); htmx swaps fragments when it is there.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");

  function boxes() { return Array.prototype.slice.call(document.querySelectorAll("#results input[name=ids]")); }

  function updateCount() {
    var all = boxes();
    var n = all.filter(function (b) { return b.checked; }).length;
    var out = document.getElementById("selected-count");
    if (out) { out.textContent = n + " selected"; }
    var selectAll = document.getElementById("select-all");
    if (selectAll) {
      selectAll.checked = all.length > 0 && n === all.length;
      selectAll.indeterminate = n > 0 && n < all.length;
    }
    return n;
  }

  document.addEventListener("change", function (e) {
    if (e.target.id === "select-all") {
      boxes().forEach(function (b) { b.checked = e.target.checked; });
    }
    if (e.target.id === "select-all" || e.target.name === "ids") { updateCount(); }
  });

  // Disconnect asks first, in a modal <dialog> (keyboard: focus starts on Cancel, Esc closes it).
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("#batch-disconnect");
    var dialog = document.getElementById("confirm-dialog");
    if (!btn || !dialog || typeof dialog.showModal !== "function") { return; }
    e.preventDefault();
    var n = updateCount();
    document.getElementById("confirm-title").textContent = n === 1 ? "Disconnect 1 account?" : "Disconnect " + n + " accounts?";
    dialog.returnValue = "";
    dialog.showModal();
  });

  document.addEventListener("close", function (e) {
    if (e.target.id !== "confirm-dialog") { return; }
    var form = document.getElementById("batch-form");
    if (e.target.returnValue === "confirm" && form && window.htmx) {
      htmx.ajax("POST", "/dashboard/batch", { source: form, target: "#batch-results", swap: "innerHTML",
        values: { action: "disconnect", confirm: "yes" } });
    } else {
      var b = document.getElementById("batch-disconnect");
      if (b) { b.focus(); }
    }
  }, true);

  document.addEventListener("htmx:configRequest", function (e) {
    if (csrf) { e.detail.headers["X-CSRF-Token"] = csrf; }
  });

  // Selection and the count start again whenever the cards are redrawn.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "results") { updateCount(); }
  });

  // Loading state on the list while a request is in flight.
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.target && e.detail.target.id === "results") { e.detail.target.setAttribute("aria-busy", "true"); }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.target && e.detail.target.id === "results") { e.detail.target.setAttribute("aria-busy", "false"); }
  });

  // The network itself failed (service or gateway down): say so where the user is looking.
  document.addEventListener("htmx:sendError", function (e) {
    var target = e.detail.target || document.getElementById("results");
    if (!target) { return; }
    target.innerHTML = '<div class="panel panel-unavailable" role="alert"><h3>The service is unavailable</h3>' +
      '<p>We could not reach the accounts service. Check your connection and try again.</p>' +
      '<p class="actions"><a class="button" href="' + location.pathname + location.search + '">Reload</a></p></div>';
    target.setAttribute("aria-busy", "false");
  });

  updateCount();
})();
