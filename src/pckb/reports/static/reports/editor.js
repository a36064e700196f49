// The report editor's autosave (htmx): a refused save answers 400 with the reason, which htmx would
// not show by default; swap it into the field's status line so the writer sees why.
document.body.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400 && event.detail.requestConfig.elt.closest("#editor")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
