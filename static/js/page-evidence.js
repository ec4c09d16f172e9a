// The page image (templates/documents/_page_image.html): while an extracted value is hovered or
// focused, in the list or on the page, its box is lit. Without this file a value's link still
// jumps to its box, which CSS lights with :target.
(function () {
  "use strict";
  if (window.pageEvidenceReady) return; // the partial may be on a page more than once
  window.pageEvidenceReady = true;

  function light(event, on) {
    var start = event.target;
    var marked = start && start.closest ? start.closest("[data-evidence-field]") : null;
    if (!marked) return;
    var field = marked.getAttribute("data-evidence-field");
    document.querySelectorAll("[data-evidence-field]").forEach(function (element) {
      if (element.getAttribute("data-evidence-field") === field) {
        element.classList.toggle("is-lit", on);
      }
    });
  }

  document.addEventListener("mouseover", function (event) { light(event, true); });
  document.addEventListener("mouseout", function (event) { light(event, false); });
  document.addEventListener("focusin", function (event) { light(event, true); });
  document.addEventListener("focusout", function (event) { light(event, false); });
})();
