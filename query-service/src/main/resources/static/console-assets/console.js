// Draws every chart of a console page with uPlot from the JSON the server put beside it:
// {"x": [epoch seconds...], "series": {"label": [values...], ...}}. No inline script anywhere:
// the content security policy allows scripts from this server only.
(function () {
  "use strict";
  var palette = ["#3559c7", "#d9822b", "#2e9d5b", "#b3261e", "#7b4fc4", "#1b9aaa", "#9c6b30", "#c2185b"];

  function draw(figure) {
    var source = document.getElementById(figure.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var caption = document.createElement("figcaption");
    caption.textContent = figure.dataset.title;
    figure.appendChild(caption);
    var labels = Object.keys(data.series || {});
    if (!data.x || data.x.length === 0 || labels.length === 0) {
      var empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "Nothing counted in this period.";
      figure.appendChild(empty);
      return;
    }
    var series = [{}];
    var columns = [data.x];
    labels.forEach(function (label, i) {
      series.push({ label: label, stroke: palette[i % palette.length], width: 2 });
      columns.push(data.series[label]);
    });
    var width = Math.max(320, figure.clientWidth - 24);
    new uPlot({ width: width, height: 240, series: series, axes: [{}, {}] }, columns, figure);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.chart[data-chart]").forEach(draw);
  });
})();
