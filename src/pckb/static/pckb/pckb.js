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

  // The server's translated messages are the only validation: the browser's own bubbles speak the
  // browser's language ("Please fill out this field."). The field renderer drops `required` too.
  function noBrowserValidation(root) {
    if (root.tagName === "FORM") { root.noValidate = true; }
    root.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  }

  // Date boxes (core.widgets.DateInput): the vendored picker, dd/mm/yyyy, the page's language.
  // Typed ISO dates (yyyy-mm-dd, as in links and the API) are understood too, and shown as dd/mm/yyyy.
  var DATE_FORMAT = {
    toValue: function (text) {
      var iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
      if (iso) { return new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])); }
      return window.Datepicker.parseDate(text, "dd/mm/yyyy");
    },
    toDisplay: function (date) { return window.Datepicker.formatDate(date, "dd/mm/yyyy"); }
  };

  function datePickers(root) {
    if (typeof window.Datepicker === "undefined") { return; }
    var language = (document.documentElement.lang || "vi").slice(0, 2);
    root.querySelectorAll("input[data-pckb-date]").forEach(function (input) {
      if (input.dataset.pckbDateReady) { return; }
      input.dataset.pckbDateReady = "1";
      new window.Datepicker(input, {
        language: window.Datepicker.locales[language] ? language : "en",
        format: DATE_FORMAT,
        weekStart: 1,
        autohide: true,
        todayButton: true,
        todayButtonMode: 1,
        todayHighlight: true,
        clearButton: input.getAttribute("aria-required") !== "true",
        buttonClass: "btn",
        updateOnBlur: true
      });
    });
  }

  // Lists of checkboxes (core.widgets.CheckboxList): search without diacritics, choose all shown, clear.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function checklists(root) {
    root.querySelectorAll("[data-pckb-checklist]").forEach(function (list) {
      if (list.dataset.pckbReady) { return; }
      list.dataset.pckbReady = "1";
      var search = list.querySelector("[data-pckb-checklist-search]");
      var status = list.querySelector("[data-pckb-checklist-status]");
      var items = Array.prototype.slice.call(list.querySelectorAll("[data-pckb-checklist-item]"));
      var groups = list.querySelectorAll("[data-pckb-checklist-group]");
      // An item is found by its own name and by its group's (a commune's name finds its agencies).
      items.forEach(function (item) { item.dataset.folded = fold(item.textContent + " " + (item.dataset.group || "")); });
      list.querySelectorAll("[hidden]").forEach(function (el) {
        if (el.matches("[data-pckb-checklist-search], [data-pckb-checklist-all], [data-pckb-checklist-none]")) {
          el.hidden = false;
        }
      });

      function boxes(onlyShown) {
        return items.filter(function (item) { return !onlyShown || !item.hidden; })
          .map(function (item) { return item.querySelector("input"); });
      }

      function report() {
        var shown = items.filter(function (item) { return !item.hidden; }).length;
        var chosen = boxes(false).filter(function (box) { return box.checked; }).length;
        var text = status.dataset.templateChosen.replace("{chosen}", chosen);
        if (shown !== items.length) {
          text += " · " + status.dataset.templateShown.replace("{shown}", shown).replace("{total}", items.length);
        }
        status.textContent = text;
      }

      search.addEventListener("input", function () {
        var words = fold(search.value).split(/\s+/).filter(Boolean);
        items.forEach(function (item) {
          item.hidden = !words.every(function (word) { return item.dataset.folded.indexOf(word) !== -1; });
        });
        groups.forEach(function (group) {
          group.hidden = !group.querySelector("[data-pckb-checklist-item]:not([hidden])");
        });
        report();
      });
      // Enter in the search box must not submit the whole form.
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
      list.querySelector("[data-pckb-checklist-all]").addEventListener("click", function () {
        boxes(true).forEach(function (box) { if (!box.disabled) { box.checked = true; } });
        report();
      });
      list.querySelector("[data-pckb-checklist-none]").addEventListener("click", function () {
        boxes(false).forEach(function (box) { if (!box.disabled) { box.checked = false; } });
        report();
      });
      list.addEventListener("change", report);
      report();
    });
  }

  // File inputs (core.widgets.FileInput): show the chosen file's name in the page's language.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-pckb-file] input[type=file]")) { return; }
    var name = input.closest("[data-pckb-file]").querySelector("[data-pckb-file-name]");
    var files = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    name.textContent = files.length ? files.join(", ") : name.dataset.empty;
  });

  function enhance(root) {
    noBrowserValidation(root);
    datePickers(root);
    checklists(root);
  }

  enhance(document);
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt || document); });
})();
