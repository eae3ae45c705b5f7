// Progressive enhancement of the staff request page: the reply form shows only the
// fieldsets of the chosen reply type (Art. 36-39), and the print button prints. Without
// this script every fieldset shows and the server still checks what each type needs.
(function () {
  "use strict";
  document.querySelectorAll("form.reply-form").forEach(function (form) {
    var typeSelect = form.querySelector('select[name="reply_type"]');
    var outcomeSelect = form.querySelector('select[name="outcome"]');
    var defaults = {};
    try { defaults = JSON.parse(form.getAttribute("data-type-map") || "{}"); } catch (e) { defaults = {}; }
    var toggle = function () {
      var type = typeSelect && typeSelect.value;
      if (!type && outcomeSelect) { type = defaults[outcomeSelect.value] || ""; }
      form.querySelectorAll("fieldset[data-reply-types]").forEach(function (fs) {
        var types = fs.getAttribute("data-reply-types").split(" ");
        // A fieldset with an error stays visible, so no message is ever hidden.
        fs.hidden = types.indexOf(type) < 0 && !fs.querySelector(".errorlist");
      });
    };
    if (typeSelect) { typeSelect.addEventListener("change", toggle); }
    if (outcomeSelect) { outcomeSelect.addEventListener("change", toggle); }
    toggle();
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
