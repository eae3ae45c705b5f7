// 长者模式 (large text) and 高对比度 (high contrast), GB/T 37668-2019 适老化.
// Loaded without defer in <head> so the saved modes are set on <html> before first paint
// (the CSP forbids inline script). The header buttons are wired once the page is parsed;
// without this script they stay hidden and the site keeps its default look.
(function () {
  "use strict";
  var KEY = "display-modes";
  var MODES = ["mode-large", "mode-contrast"];
  var root = document.documentElement;
  var saved = [];
  try { saved = JSON.parse(window.localStorage.getItem(KEY) || "[]") || []; } catch (e) { saved = []; }
  MODES.forEach(function (mode) { if (saved.indexOf(mode) !== -1) { root.classList.add(mode); } });

  function save() {
    var on = MODES.filter(function (mode) { return root.classList.contains(mode); });
    try { window.localStorage.setItem(KEY, JSON.stringify(on)); } catch (e) { /* private mode */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector(".display-modes");
    if (!group) { return; }
    group.querySelectorAll("button[data-mode]").forEach(function (button) {
      var mode = button.getAttribute("data-mode");
      button.setAttribute("aria-pressed", root.classList.contains(mode) ? "true" : "false");
      button.addEventListener("click", function () {
        var on = root.classList.toggle(mode);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        save();
      });
    });
    group.hidden = false;
  });
})();
