/* kanmin engage: charts drawn with the vendored Chart.js (no CDN). Saved charts read their data from
   a <script type="application/json"> block; the chart builder on resource pages asks the server to
   aggregate the chosen column and draws the result, with the numbers also shown as a table. */
(function () {
  "use strict";
  var PALETTE = ["#0b5394", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#6a3d9a", "#1e6b32", "#8a4b00"];

  function colors(n) {
    var out = [];
    for (var i = 0; i < n; i++) { out.push(PALETTE[i % PALETTE.length]); }
    return out;
  }

  function draw(canvas, data) {
    if (!window.Chart) { return null; }
    var old = window.Chart.getChart(canvas);
    if (old) { old.destroy(); }
    var type = data.type || "bar";
    var dataset = { label: data.value || data.agg, data: data.values };
    if (type === "pie") {
      dataset.backgroundColor = colors(data.values.length);
    } else {
      dataset.backgroundColor = PALETTE[0];
      dataset.borderColor = PALETTE[0];
    }
    var chart = new window.Chart(canvas, {
      type: type,
      data: { labels: data.labels, datasets: [dataset] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: type === "pie" } }
      }
    });
    canvas.setAttribute("data-rendered", String(data.values.length));
    return chart;
  }

  function fillTable(details, data) {
    if (!details) { return; }
    var body = details.querySelector("tbody");
    body.textContent = "";
    data.labels.forEach(function (label, i) {
      var tr = document.createElement("tr");
      var a = document.createElement("td"); a.textContent = label;
      var b = document.createElement("td"); b.textContent = String(data.values[i]);
      tr.appendChild(a); tr.appendChild(b); body.appendChild(tr);
    });
    details.hidden = false;
  }

  function builder(form) {
    var section = form.closest("section") || document;
    var canvas = section.querySelector("[data-engage-chart-output] canvas");
    var status = section.querySelector("[data-engage-chart-status]");
    var table = section.querySelector(".engage-chart-table");
    var save = section.querySelector("[data-engage-chart-save]");
    var agg = form.querySelector("[name=agg]");
    var value = form.querySelector("[name=value]");
    function syncValue() {
      var needs = agg.value !== "count";
      value.disabled = !needs;
      if (needs && !value.value && value.options.length > 1) { value.selectedIndex = 1; }
    }
    agg.addEventListener("change", syncValue);
    syncValue();
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      if (agg.value === "count") { params.delete("value"); }
      status.textContent = "…";
      fetch(form.getAttribute("data-url") + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          var lang = document.documentElement.lang === "en" ? "en" : "ja";
          if (!res.ok) { status.textContent = res.body.error ? res.body.error[lang] : "Error"; status.className = "error"; return; }
          status.className = "engage-chart-status";
          status.textContent = res.body.labels.length + (lang === "en" ? " groups" : " 項目") + (res.body.truncated ? (lang === "en" ? " (largest shown)" : "（上位のみ表示）") : "");
          draw(canvas, res.body);
          canvas.setAttribute("aria-label", (form.querySelector("[name=label]").value) + " / " + agg.options[agg.selectedIndex].text);
          fillTable(table, res.body);
          if (save) {
            save.hidden = false;
            save.querySelector("[name=label_column]").value = res.body.label;
            save.querySelector("[name=value_column]").value = res.body.value || "";
            save.querySelector("[name=aggregation]").value = res.body.agg;
            save.querySelector("[name=chart_type]").value = res.body.type;
          }
        })
        .catch(function () { status.textContent = "Error"; });
    });
    form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-engage-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-engage-chart"));
      if (source) { draw(canvas, JSON.parse(source.textContent)); }
    });
    document.querySelectorAll("form[data-engage-chart-builder]").forEach(builder);
  });
})();
