// The quality officer's workspace: small enhancements, every page works without them.
// Loaded with <script src defer>: no inline script, so the CSP needs no 'unsafe-inline'.
(function () {
  "use strict";

  // Charts: a plotly figure in data-figure, drawn as a static image (no focusable parts).
  function drawCharts(root) {
    if (!window.Plotly) {
      return;
    }
    root.querySelectorAll("[data-figure]").forEach(function (node) {
      var figure = JSON.parse(node.getAttribute("data-figure"));
      window.Plotly.react(node, figure.data, figure.layout, {
        staticPlot: true, displayModeBar: false, responsive: true
      });
    });
  }
  drawCharts(document);

  // Live numbers on the campaign page: fetch the block again and swap it in.
  var live = document.querySelector("[data-live-url]");
  if (live) {
    var body = live.querySelector("[data-live-body]");
    var status = live.querySelector("[data-live-status]");
    var last = body.textContent;
    var refresh = function () {
      fetch(live.getAttribute("data-live-url"), {credentials: "same-origin", cache: "no-store"})
        .then(function (reply) {
          if (!reply.ok) {
            throw new Error(String(reply.status));
          }
          return reply.text();
        })
        .then(function (html) {
          var next = document.createElement("div");
          next.innerHTML = html;
          if (next.textContent === last) {
            return;
          }
          last = next.textContent;
          body.replaceChildren.apply(body, Array.prototype.slice.call(next.childNodes));
          drawCharts(body);
          var now = new Date();
          status.textContent = "Chiffres mis à jour à " + now.getHours() + " h " +
            String(now.getMinutes()).padStart(2, "0") + ".";
        })
        .catch(function () {
          status.textContent = "Mise à jour impossible pour l'instant ; nouvel essai bientôt.";
        });
    };
    live.refreshNow = refresh;  // lets a test trigger a refresh without waiting
    window.setInterval(refresh, 20000);
  }

  // Copy the website snippet.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var said = document.querySelector("[data-copy-status]");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        said.textContent = "Code copié.";
      });
    });
  });

  // Paper entry: a valid one-key answer moves on to the next question.
  var paper = document.querySelector("form[data-paper]");
  if (paper) {
    var codes = Array.prototype.slice.call(paper.querySelectorAll("input[data-codes]"));
    codes.forEach(function (input, index) {
      input.addEventListener("input", function () {
        var allowed = input.getAttribute("data-codes").split(" ");
        if (input.value.length === 1 && allowed.indexOf(input.value) !== -1) {
          var next = codes[index + 1] || paper.querySelector("[data-after-codes]");
          if (next) {
            next.focus();
            if (next.select) {
              next.select();
            }
          }
        }
      });
    });
  }

  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();
