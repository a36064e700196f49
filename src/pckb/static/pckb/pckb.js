/* PCKB's own behaviour: confirmations, tree toggling, focus after htmx swaps. No framework. */
(function () {
  "use strict";

  // <form data-confirm="..."> or <button data-confirm="..."> asks before submitting (destructive actions
  // also have their own confirmation page; this guards the inline buttons).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-pckb-toggle="#id" aria-controls="id" aria-expanded="false"> shows or hides #id.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pckb-toggle]");
    if (!button) { return; }
    var target = document.querySelector(button.dataset.pckbToggle);
    if (!target) { return; }
    var expanded = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", expanded ? "false" : "true");
    target.hidden = expanded;
  });

  // After htmx replaces a list's table, tell screen readers and keep keyboard users in place.
  // (An outerHTML swap detaches the old target, so look the new table up again.)
  document.addEventListener("htmx:afterSettle", function () {
    var table = document.getElementById("table");
    if (!table) { return; }
    var status = table.querySelector("[data-pckb-status]");
    var live = document.getElementById("pckb-live");
    if (status && live) { live.textContent = status.textContent.trim(); }
  });
})();
