// ReviewDesk: warn before leaving a page whose text boxes hold typing that was not saved.
// A form being submitted takes its own boxes with it; any other box still differing from what
// the page was served with would be lost, so the browser asks first.
(function () {
  "use strict";
  let submitting = null;
  document.addEventListener("submit", function (event) { submitting = event.target; }, true);
  window.addEventListener("beforeunload", function (event) {
    const unsaved = Array.prototype.filter.call(
      document.querySelectorAll("textarea"),
      function (box) {
        return box.value !== box.defaultValue && !(submitting && submitting.contains(box));
      }
    );
    submitting = null;
    if (unsaved.length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
