/* The upload control of core/uploads.py: lists the chosen files in the page's language and sends the
   form with a progress bar. Without this script the form is submitted normally. No framework. */
(function () {
  "use strict";

  function names(box) {
    var out = box.querySelector(".pckb-upload-names");
    var input = box.querySelector(".pckb-upload-input");
    if (!out || !input) { return; }
    var list = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    out.textContent = list.length ? list.join(", ") : box.dataset.none;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.classList && input.classList.contains("pckb-upload-input")) {
      names(input.closest("[data-pckb-upload]"));
    }
  });

  function showProgress(form, percent) {
    Array.prototype.forEach.call(form.querySelectorAll(".pckb-upload-progress"), function (bar) {
      bar.hidden = false;
      bar.setAttribute("aria-valuenow", String(percent));
      var inner = bar.querySelector(".progress-bar");
      inner.style.width = percent + "%";
      inner.textContent = percent + "%";
    });
  }

  // Show the answer (the page after the redirect, or the form with its errors) in place.
  function replacePage(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    if (xhr.status < 400 && xhr.responseURL) { window.history.replaceState(null, "", xhr.responseURL); }
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (window.htmx) { window.htmx.process(document.body); }
    window.scrollTo(0, 0);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !window.FormData || !form.querySelector("[data-pckb-upload]")) { return; }
    var chosen = Array.prototype.some.call(form.querySelectorAll(".pckb-upload-input"), function (input) {
      return input.files && input.files.length > 0;
    });
    if (!chosen) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
    showProgress(form, 0);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { showProgress(form, Math.round((e.loaded * 100) / e.total)); }
    });
    xhr.addEventListener("load", function () { replacePage(xhr); });
    xhr.addEventListener("error", function () { form.submit(); });
    xhr.send(data);
  });
})();
