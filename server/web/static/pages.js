// The one script of the operations pages: the counters page reloads itself every minute while it is
// on screen, so a wall display stays current without anyone pressing F5.
(function () {
  var marked = document.querySelector("[data-refresh]");
  if (!marked) return;
  var seconds = parseInt(marked.getAttribute("data-refresh"), 10) || 60;
  setInterval(function () {
    if (document.visibilityState === "visible") window.location.reload();
  }, seconds * 1000);
})();
