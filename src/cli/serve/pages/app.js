// jixiao serve: diagnostics as you type, and the PDF preview on demand.
// No framework: the pages work without this script (forms and links), it
// only adds what cannot be done without it.
(function () {
  "use strict";

  var preview = document.getElementById("preview");
  if (preview) {
    preview.addEventListener("click", function () {
      var frame = document.getElementById("pdf");
      frame.src = preview.getAttribute("data-src");
      frame.hidden = false;
      preview.disabled = true;
    });
  }

  var form = document.getElementById("editor");
  if (!form) {
    return;
  }
  var text = form.elements.text;
  var status = document.getElementById("status");
  var report = document.getElementById("report");
  var dirty = form.getAttribute("data-dirty") === "1";
  var timer = null;
  var asked = 0;

  function check() {
    var mine = ++asked;
    status.textContent = form.getAttribute("data-checking");
    status.className = "status";
    var body = new URLSearchParams();
    body.set("token", form.elements.token.value);
    body.set("path", form.getAttribute("data-path"));
    body.set("lang", form.getAttribute("data-lang"));
    body.set("text", text.value);
    fetch("/check", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (d) {
        if (mine !== asked) {
          return;
        }
        status.textContent = d.summary;
        status.className = "status " + d.status;
        report.textContent = d.report;
        report.hidden = !d.report;
      })
      .catch(function () {
        if (mine === asked) {
          status.textContent = form.getAttribute("data-failed");
          status.className = "status bad";
        }
      });
  }

  text.addEventListener("input", function () {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  // Leaving with unsaved changes asks first: nothing is lost by a click.
  window.addEventListener("beforeunload", function (e) {
    if (dirty) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
})();
