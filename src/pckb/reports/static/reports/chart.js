// Charts of the indicator comparison page (reports/compare.html): each <div class="pckb-chart"> names
// the JSON data of its chart (data-source: the id of a json_script element, {"labels": [...],
// "values": [...]}) and its kind (data-kind: "bar" or "line"). Vendored ECharts draws it; no inline
// script, so the CSP holds. The table under each chart says the same for keyboards and screen readers.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  document.querySelectorAll(".pckb-chart").forEach(function (el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var horizontal = el.dataset.kind === "bar";
    if (horizontal) {
      // One bar per unit: the chart grows with them rather than squeezing 30 names together.
      el.style.height = Math.max(280, 26 * data.labels.length + 40) + "px";
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var category = { type: "category", data: data.labels, axisLabel: { width: 160, overflow: "truncate" } };
    var value = { type: "value", minInterval: 1 };
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
      series: [
        {
          type: horizontal ? "bar" : "line",
          data: data.values,
          name: el.dataset.name || "",
          itemStyle: { color: "#8b1a1a" },
          label: { show: true, position: horizontal ? "right" : "top" },
        },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  });
})();
