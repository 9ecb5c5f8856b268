// The campaign board's bar chart (ECharts): findings per category per town, the data from the page's JSON block
// (#campaign-chart), never an inline script (the CSP forbids them). A click on a bar opens that town's task.
(function () {
  "use strict";

  function draw() {
    var block = document.getElementById("campaign-chart");
    var el = document.querySelector("[data-campaign-chart]");
    if (!block || !el || typeof echarts === "undefined") return;
    var c = JSON.parse(block.textContent);
    el.style.height = Math.max(240, 60 + 28 * c.towns.length * Math.min(c.series.length, 3)) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      // The tooltip drawn on the canvas (richText): an HTML tooltip would set style attributes the CSP blocks.
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: c.towns, inverse: true },
      series: c.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, label: { show: true, position: "right" } };
      })
    });
    chart.on("click", function (params) {
      var url = c.series[params.seriesIndex].urls[params.dataIndex];
      if (url) window.location.href = url;
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
