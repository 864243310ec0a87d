// Self-check enhancements; every page works without this file.
// - conditional questions appear and disappear as soon as the answer they depend on changes
// - what is typed is kept in sessionStorage, so a reload before "Next" loses nothing
// - the error summary takes focus; the result page gets a print button
"use strict";
(function () {
  var PREFIX = "selfcheck:";

  function valuesOf(form, name) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value.trim() !== "") out.push(el.value);
    });
    return out;
  }

  function hasInputs(form, name) {
    return Array.prototype.some.call(form.elements, function (el) { return el.name === name; });
  }

  // null when the condition depends on a question of another step: the server decided.
  function applies(form, chain) {
    for (var i = 0; i < chain.length; i++) {
      if (!hasInputs(form, chain[i].q)) return null;
      var chosen = valuesOf(form, chain[i].q);
      var match = chosen.some(function (v) { return chain[i].v.indexOf(v) !== -1; });
      if (!match) return false;
    }
    return true;
  }

  function setShown(block, shown) {
    block.hidden = !shown;
    if (block.tagName === "FIELDSET") block.disabled = !shown;
    block.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.disabled = !shown;
    });
  }

  function updateConditions(form) {
    // Questions come in order, so a chain's earlier questions are settled first.
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var chain;
      try { chain = JSON.parse(block.getAttribute("data-show-if")); } catch (e) { return; }
      var shown = applies(form, chain);
      if (shown !== null && shown === block.hidden) setShown(block, shown);
    });
  }

  function storageKey(form) {
    return PREFIX + form.getAttribute("data-run") + ":" + form.getAttribute("data-step");
  }

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function save(form) {
    var s = store();
    if (!s) return;
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "_q" || el.type === "submit") return;
      if (!(el.name in data)) data[el.name] = [];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.type !== "radio" && el.type !== "checkbox" && el.value === "") return;
      data[el.name].push(el.value);
    });
    try { s.setItem(storageKey(form), JSON.stringify(data)); } catch (e) { /* full: ignore */ }
  }

  function restore(form) {
    var s = store();
    if (!s || form.getAttribute("data-restore") !== "1") return;
    var data;
    try { data = JSON.parse(s.getItem(storageKey(form)) || "null"); } catch (e) { return; }
    if (!data) return;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || !Array.isArray(data[el.name])) return;
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = data[el.name].indexOf(el.value) !== -1;
      } else if (el.type === "text") {
        el.value = data[el.name].length ? String(data[el.name][0]) : "";
      }
    });
  }

  function forget() {
    var s = store();
    if (!s) return;
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (key && key.indexOf(PREFIX) === 0) s.removeItem(key);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.selfcheck-form").forEach(function (form) {
      restore(form);
      updateConditions(form);
      form.addEventListener("change", function () { updateConditions(form); save(form); });
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("submit", function () { save(form); });
    });
    document.querySelectorAll("form.selfcheck-reset").forEach(function (form) {
      form.addEventListener("submit", forget);
    });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
