// Sales workspace enhancements; every page works without this file.
"use strict";
(function () {
  // On a phone the inbox filters fold away behind one button (open when they have errors).
  var toggle = document.querySelector(".filters-toggle");
  var form = document.getElementById("lead-filters");
  if (!toggle || !form) return;
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function fold(folded) {
    form.classList.toggle("is-folded", folded);
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  toggle.hidden = false;
  fold(narrow.matches && !form.classList.contains("has-errors"));
  toggle.addEventListener("click", function () {
    fold(!form.classList.contains("is-folded"));
  });
})();

(function () {
  // On a large inbox a filtered page counts only its own tab; the other tabs' numbers
  // come from the URL in data-counts (the same filters) once the page is shown.
  var tabs = document.querySelector(".status-tabs[data-counts]");
  if (!tabs || !window.fetch) return;
  fetch(tabs.getAttribute("data-counts"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (data) {
    if (!data) return;
    tabs.querySelectorAll(".count[data-status]").forEach(function (count) {
      var value = data.counts[count.getAttribute("data-status")];
      if (value === undefined) return;
      count.textContent = value;
      count.hidden = false;
    });
  }).catch(function () { /* the tabs simply stay without numbers */ });
})();
