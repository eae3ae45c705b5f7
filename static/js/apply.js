// Progressive enhancement of the application form: show the fields for the chosen
// applicant type, and prevent a second submit while the first is on its way. The form
// works without this script (all fields shown; the server makes a double submit safe).
(function () {
  "use strict";
  var form = document.querySelector("form.apply-form");
  if (form) {
    var radios = form.querySelectorAll('input[name="applicant_type"]');
    var toggle = function () {
      var checked = form.querySelector('input[name="applicant_type"]:checked');
      var type = checked ? checked.value : "person";
      form.querySelectorAll(".when-person").forEach(function (el) { el.hidden = type !== "person"; });
      form.querySelectorAll(".when-organization").forEach(function (el) { el.hidden = type !== "organization"; });
    };
    radios.forEach(function (r) { r.addEventListener("change", toggle); });
    toggle();
    form.addEventListener("submit", function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; button.textContent = "正在提交…"; }
    });
    var errors = document.getElementById("form-errors");
    if (errors) { errors.focus(); }
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
