// The report editor's autosave (htmx): a refused save answers 400 with the reason, which htmx would
// not show by default; swap it into the field's status line so the writer sees why.
document.body.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400 && event.detail.requestConfig.elt.closest("#editor")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// "Insert into the report": append a recipient's text of a section (with the unit's name) to this
// report's text of that section, then fire "change" so the autosave stores it like typed text.
document.body.addEventListener("click", function (event) {
  const button = event.target.closest("[data-quote-into]");
  if (!button) {
    return;
  }
  const area = document.getElementById(button.dataset.quoteInto);
  if (!area) {
    return;
  }
  const current = area.value.replace(/\s+$/, "");
  area.value = (current ? current + "\n\n" : "") + button.dataset.quoteText;
  area.dispatchEvent(new Event("change", { bubbles: true }));
  area.focus();
});
