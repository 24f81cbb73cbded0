/* Draws the page's Plotly charts from their JSON specs and keeps them sized to the screen. */
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.Plotly === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      if (element.dataset.drawn) { return; }
      var source = document.getElementById(element.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      element.dataset.drawn = "1";
      window.Plotly.newPlot(element, spec.data, spec.layout, spec.config).then(function () {
        element.dataset.ready = "1";
      });
      // A point that carries a link (an account on the scatter) opens its page.
      element.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && typeof point.customdata === "string" && point.customdata.charAt(0) === "/") {
          window.location.href = point.customdata;
        }
      });
    });
  }

  function ready() {
    draw(document);
    document.body.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("load", function () { draw(document); });
})();
