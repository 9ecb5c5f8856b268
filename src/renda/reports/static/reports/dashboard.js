// The dashboards' bar charts (ECharts): the data comes from the page's JSON block (#report-charts), never an
// inline script (the CSP forbids them). A click on a bar opens the list that bar counts.
(function () {
  "use strict";

  function draw() {
    var block = document.getElementById("report-charts");
    if (!block || typeof echarts === "undefined") return;
    var data = JSON.parse(block.textContent);
    data.charts.forEach(function (c) {
      var el = document.querySelector('[data-chart="' + c.id + '"]');
      if (!el) return;
      el.style.height = Math.max(240, 60 + 28 * c.towns.length * Math.min(c.series.length, 3)) + "px";
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
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
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
