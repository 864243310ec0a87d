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
