// Starts Decap CMS with the configuration `ocop serve` makes from its field definitions,
// and shows each problem of a refused save under the field it concerns.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "vi";

  // The labels of the form, without the "required"/"optional" marks Decap adds.
  function labelText(el) {
    var t = "";
    el.childNodes.forEach(function (n) { if (n.nodeType === 3) t += n.textContent; });
    return t.trim();
  }

  function clearMarks() {
    document.querySelectorAll(".ocop-field-error").forEach(function (e) { e.remove(); });
  }

  // "Chứng nhận OCOP 1 › Số sao": the label "Số sao" inside the first entry of the list
  // labelled "Chứng nhận OCOP"; else the first label "Số sao".
  function findLabel(path) {
    var parts = path.split(" › ");
    var last = parts[parts.length - 1];
    var labels = Array.prototype.filter.call(document.querySelectorAll("label"), function (l) {
      return labelText(l) === last;
    });
    if (parts.length > 1) {
      var m = /^(.*) (\d+)$/.exec(parts[parts.length - 2]);
      if (m) {
        var index = parseInt(m[2], 10) - 1;
        if (labels[index]) return labels[index];
      }
    }
    return labels[0] || null;
  }

  function mark(problems) {
    clearMarks();
    var first = null;
    problems.forEach(function (p) {
      var label = p.label ? findLabel(p.label) : null;
      var note = document.createElement("p");
      note.className = "ocop-field-error";
      note.setAttribute("role", "alert");
      note.textContent = p.message + (p.hint ? " — " + p.hint : "");
      if (label) {
        var control = document.getElementById(label.getAttribute("for"));
        var anchor = (control && control.parentElement) || label;
        anchor.parentElement.insertBefore(note, anchor.nextSibling);
        if (control) control.setAttribute("aria-invalid", "true");
      } else {
        note.textContent = (p.label ? p.label + ": " : "") + note.textContent;
        var form = document.querySelector("form") || document.body;
        form.insertBefore(note, form.firstChild);
      }
      first = first || note;
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  // A refused save comes back as 422 with the problems and their fields.
  var fetch0 = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var p = fetch0(input, init);
    if (url.indexOf("/admin/api/v1") === -1) return p;
    return p.then(function (res) {
      if (res.status === 200) clearMarks();
      if (res.status === 422) {
        res.clone().json().then(function (body) {
          if (body && body.problems) mark(body.problems);
        }, function () {});
      }
      return res;
    });
  };

  fetch0("/admin/config.json?lang=" + lang, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then(function (config) { window.CMS.init({ config: config }); })
    .catch(function (e) {
      document.body.textContent = (lang === "en"
        ? "The editor could not start: "
        : "Không mở được trình sửa: ") + e;
    });
})();
