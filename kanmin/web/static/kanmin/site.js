/* kanmin: progress bars for uploads and datastore loads; confirm before destructive forms. No dependencies. */
(function () {
  "use strict";

  function pollJob(box) {
    var url = box.getAttribute("data-job-url");
    var bar = box.querySelector("progress");
    var pct = box.querySelector("[data-job-percent]");
    var msg = box.querySelector("[data-job-message]");
    var lang = document.documentElement.lang === "en" ? "en" : "ja";
    function tick() {
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          box.setAttribute("data-status", job.status);
          if (bar && job.percent !== null) { bar.value = job.percent; }
          if (pct && job.percent !== null) { pct.textContent = job.percent + "%"; }
          if (job.status === "done") { window.location.reload(); return; }
          if (job.status === "failed") {
            if (msg) { msg.textContent = job.message[lang] || job.message.ja; msg.className = "error"; msg.setAttribute("role", "alert"); }
            if (bar) { bar.hidden = true; }
            return;
          }
          setTimeout(tick, 700);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    tick();
  }

  function uploadWithProgress(form) {
    form.addEventListener("submit", function (ev) {
      var file = form.querySelector("input[type=file]");
      if (!file || !file.files.length || !window.XMLHttpRequest) { return; }
      ev.preventDefault();
      var box = form.querySelector(".upload-progress");
      var bar = box && box.querySelector("progress");
      if (box) { box.hidden = false; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.onprogress = function (e) { if (bar && e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); } };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== window.location.href) { window.location.href = xhr.responseURL; return; }
        document.open(); document.write(xhr.responseText); document.close();
      };
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".job[data-job-url]").forEach(function (box) {
      var status = box.getAttribute("data-status");
      if (status === "queued" || status === "running") { pollJob(box); }
    });
    document.querySelectorAll("form[data-upload-progress]").forEach(uploadWithProgress);
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) { if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); } });
    });
  });
})();
