// The practice library's diffusion chart (ECharts): per practice, the towns running it by the end of each year,
// cumulative. The data comes from the page's JSON block (#diffusion-data), never an inline script (the CSP forbids
// them). A click on a line opens that practice.
(function () {
  "use strict";

  function draw() {
    var block = document.getElementById("diffusion-data");
    var el = document.querySelector('[data-chart="diffusion"]');
    if (!block || !el || typeof echarts === "undefined") return;
    var data = JSON.parse(block.textContent);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.years.map(String), boundaryGap: false },
      yAxis: { type: "value", minInterval: 1, max: Math.max(data.towns, 1) },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", step: "end", data: s.data, symbolSize: 6 };
      })
    });
    chart.on("click", function (params) {
      var s = data.series[params.seriesIndex];
      if (s && s.url) window.location.href = s.url;
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
