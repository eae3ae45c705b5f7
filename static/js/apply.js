// Progressive enhancement of the application form: show only the fields of the chosen
// applicant type, mark the fields one way of delivery requires, focus the error summary,
// and prevent a second submit while the first is on its way. The form works without this
// script (all fields shown; the server ignores the other type's fields and makes a double
// submit safe).
(function () {
  "use strict";
  var form = document.querySelector("form.apply-form");
  if (form) {
    var checkedValue = function (name, fallback) {
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value : fallback;
    };
    // The hidden group is also disabled: out of the tab order and not sent.
    var showGroup = function (selector, visible) {
      form.querySelectorAll(selector).forEach(function (group) {
        group.hidden = !visible;
        group.querySelectorAll("input, select, textarea").forEach(function (el) {
          el.disabled = !visible;
        });
      });
    };
    var toggleType = function () {
      var type = checkedValue("applicant_type", "person");
      showGroup(".when-person", type === "person");
      showGroup(".when-organization", type === "organization");
    };
    // data-required-when="delivery=post": required (and marked *) only for that choice.
    var toggleDelivery = function () {
      form.querySelectorAll("[data-required-when]").forEach(function (wrapper) {
        var rule = wrapper.getAttribute("data-required-when").split("=");
        var required = checkedValue(rule[0], "") === rule[1];
        var mark = wrapper.querySelector(".required-mark");
        if (mark) { mark.hidden = !required; }
        wrapper.querySelectorAll("input, select, textarea").forEach(function (el) {
          el.required = required;
          if (required) { el.setAttribute("aria-required", "true"); } else { el.removeAttribute("aria-required"); }
        });
      });
    };
    form.querySelectorAll('input[name="applicant_type"]').forEach(function (r) {
      r.addEventListener("change", toggleType);
    });
    form.querySelectorAll('input[name="delivery"]').forEach(function (r) {
      r.addEventListener("change", toggleDelivery);
    });
    toggleType();
    toggleDelivery();
    form.addEventListener("submit", function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; button.textContent = "正在提交…"; }
    });
    var errors = document.getElementById("form-errors");
    if (errors) {
      errors.focus();
      // A link of the summary puts the keyboard on its field, not only the view.
      errors.querySelectorAll('a[href^="#"]').forEach(function (link) {
        link.addEventListener("click", function (event) {
          var target = document.getElementById(link.getAttribute("href").slice(1));
          if (target) { event.preventDefault(); target.focus(); }
        });
      });
    }
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
