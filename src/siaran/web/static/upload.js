/* Progress of a long import on the import page: the bytes of the upload as the browser sends
   them (XMLHttpRequest upload events, which htmx passes on as htmx:xhr:progress), then, after the
   confirmation, the rows or events the server has imported (polled from /import/progress).
   Labels come from the page, in the reader's language. */
(function () {
  "use strict";

  var MEGABYTE = 1024 * 1024;
  var POLL_MS = 500;

  // Megabytes with one decimal, counts and rates of rows or events as whole numbers.
  function number(value, decimals) {
    var lang = document.documentElement.lang === "id" ? "id-ID" : "en";
    return new Intl.NumberFormat(lang, { maximumFractionDigits: decimals || 0 }).format(value);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function show(box, fraction, label) {
    var bar = box.querySelector("progress");
    box.hidden = false;
    if (fraction === null) {
      bar.removeAttribute("value");
    } else {
      bar.value = Math.round(Math.min(fraction, 1) * 100);
    }
    box.querySelector("output").textContent = label;
  }

  // The upload: bytes sent of the file's size, and megabytes per second since it began.
  function uploading(event) {
    var form = event.target;
    var box = form.querySelector("[data-upload-progress]");
    var detail = event.detail;
    if (!box || !detail.lengthComputable || !detail.total || box.dataset.sent === "1") { return; }
    var started = Number(box.dataset.started || 0);
    if (!started) { started = Date.now(); box.dataset.started = String(started); }
    var seconds = Math.max((Date.now() - started) / 1000, 0.001);
    var sent = detail.loaded / MEGABYTE;
    show(box, detail.loaded / detail.total, fill(box.dataset.label, {
      done: number(sent, 1),
      total: number(detail.total / MEGABYTE, 1),
      rate: number(sent / seconds, 1),
    }));
    if (detail.loaded >= detail.total) {
      // Sent: what follows is the server reading it (the response's own progress is ignored).
      box.dataset.sent = "1";
      show(box, 1, box.dataset.checking);
    }
  }

  // The import after the confirmation: the server's progress, polled until the page changes.
  function importing(form) {
    var box = form.querySelector("[data-import-progress]");
    if (!box) { return; }
    var url = box.dataset.url;
    var timer = window.setInterval(function () {
      if (!document.body.contains(box)) { window.clearInterval(timer); return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (state) {
          if (!state || !state.task || !document.body.contains(box)) { return; }
          var values = {
            task: state.task,
            done: number(state.done),
            total: state.total === null ? "?" : number(state.total),
            unit: state.unit,
            rate: number(state.rate),
          };
          var template = state.total === null ? box.dataset.labelOpen : box.dataset.label;
          show(box, state.total ? state.done / state.total : null, fill(template, values));
        })
        .catch(function () { /* the next poll tries again */ });
    }, POLL_MS);
  }

  function ready() {
    document.body.addEventListener("htmx:xhr:progress", uploading);
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var box = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
      if (box) { box.dataset.started = ""; box.dataset.sent = ""; }
      if (event.target.matches && event.target.matches("form[data-import-form]")) {
        importing(event.target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
