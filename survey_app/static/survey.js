// Progressive enhancement of the public survey form. The form works without it:
// this only hides questions whose condition is not met (clearing their answer),
// counts the characters of free text, and moves focus to an error summary.
// Written at the end of the page (web/inline.py): the CSP allows this exact text by its
// hash, never 'unsafe-inline'.
(function () {
  "use strict";

  var form = document.querySelector("form.survey");
  if (!form) {
    return;
  }

  function checkedValue(name) {
    var field = form.elements.namedItem(name);
    if (!field) {
      return "";
    }
    if (field instanceof RadioNodeList) {
      return field.value;
    }
    return field.checked ? field.value : "";
  }

  function clearAnswer(block) {
    block.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.checked = false;
    });
    block.querySelectorAll("textarea").forEach(function (textarea) {
      textarea.value = "";
      textarea.dispatchEvent(new Event("input"));
    });
  }

  // Conditions point to earlier questions, so one pass in document order also
  // hides a question whose condition depends on a question just hidden.
  var conditional = form.querySelectorAll("[data-show-if-field]");
  function applyConditions() {
    conditional.forEach(function (block) {
      var values = block.getAttribute("data-show-if-values").split(" ");
      var isShown = values.indexOf(checkedValue(block.getAttribute("data-show-if-field"))) !== -1;
      if (!isShown) {
        clearAnswer(block);
      }
      block.hidden = !isShown;
    });
  }
  if (conditional.length) {
    form.addEventListener("change", applyConditions);
    applyConditions();
  }

  // Character count: visible at once, announced to screen readers after a pause.
  form.querySelectorAll("textarea[data-count]").forEach(function (textarea) {
    var counter = document.getElementById(textarea.getAttribute("data-count"));
    var live = document.getElementById(textarea.getAttribute("data-count") + "-live");
    if (!counter) {
      return;
    }
    var template = counter.getAttribute("data-template");
    var timer = null;
    function update() {
      var text = template.replace("{count}", String(textarea.value.length));
      counter.textContent = text;
      if (live) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          live.textContent = text;
        }, 1000);
      }
    }
    counter.hidden = false;
    textarea.addEventListener("input", update);
    counter.textContent = template.replace("{count}", String(textarea.value.length));
  });

  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();
