/* Organisation tree: "open the next level" and "close all". Single nodes toggle through pckb.js
   ([data-pckb-toggle]) and load their children once through htmx. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-tree-all]");
    if (!control) { return; }
    var expand = control.dataset.treeAll === "expand";
    var wanted = expand ? "false" : "true";
    document.querySelectorAll(".pckb-tree-toggle[aria-expanded='" + wanted + "']").forEach(function (button) {
      // Only what is on screen: opening hidden branches would load the whole tree.
      if (!expand || button.offsetParent !== null) { button.click(); }
    });
  });
})();
