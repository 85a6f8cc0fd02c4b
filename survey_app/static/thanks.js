// The thank-you page answers the form's POST itself: one round trip, no redirect. The
// address bar then shows the thank-you page's own address, so reloading reads that page
// instead of asking to send the form again. Written into the page, allowed by its hash.
(function () {
  "use strict";

  var page = document.querySelector("[data-page-url]");
  var url = page && page.getAttribute("data-page-url");
  if (url && window.history && window.history.replaceState &&
      url !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", url);
  }
})();
