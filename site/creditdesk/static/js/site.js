// Progressive enhancements only: every page works without this file.
"use strict";
document.documentElement.classList.add("js");

// 收藏: save and unsave without a reload. Without this script the form posts and the
// server redirects back to the page.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-save-form]") || !window.fetch) {
    return;
  }
  event.preventDefault();
  var button = form.querySelector(".save-button");
  var action = form.querySelector("input[name=action]");
  var count = form.querySelector(".save-count");
  if (button.getAttribute("aria-busy") === "true") {
    return;
  }
  button.setAttribute("aria-busy", "true");
  var old = form.querySelector(".save-error");
  if (old) {
    old.remove();
  }
  fetch(form.getAttribute("action"), {  // form.action is the input named "action"
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: {"Accept": "application/json"}
  }).then(function (response) {
    return response.json().then(function (data) {
      return {ok: response.ok, data: data};
    });
  }).then(function (result) {
    if (!result.ok) {
      throw new Error(result.data.error || "");
    }
    button.setAttribute("aria-pressed", result.data.saved ? "true" : "false");
    action.value = result.data.action;
    count.textContent = result.data.count_text;
  }).catch(function (error) {
    var note = document.createElement("p");
    note.className = "save-error";
    note.setAttribute("role", "alert");
    note.textContent = error.message || form.getAttribute("data-error") || "";
    form.appendChild(note);
  }).finally(function () {
    button.removeAttribute("aria-busy");
  });
});

// Copy link: copies the article's address; without this script it is an ordinary link.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-copy-link]") : null;
  if (!link || !navigator.clipboard) {
    return;
  }
  event.preventDefault();
  var status = document.querySelector("[data-copy-status]");
  navigator.clipboard.writeText(link.href).then(function () {
    if (status) {
      status.textContent = link.getAttribute("data-copied");
    }
  }, function () {
    if (status) {
      status.textContent = link.getAttribute("data-copy-failed");
    }
  });
});
