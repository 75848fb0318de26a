/* Online procedures: autosave drafts while typing, and live status updates. No dependencies. */
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = document.getElementById("autosave-status");
    var timer = null;
    function save() {
      var data = new FormData();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") return;
        if (el.type === "checkbox") { if (el.checked) data.append(el.name, "on"); else data.append(el.name, ""); return; }
        data.append(el.name, el.value);
      });
      fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
        .then(function (res) {
          if (!status) return;
          if (res[0] === 200 && res[1].saved) status.textContent = (status.getAttribute("data-saved") || "") + " " + res[1].at;
          else if (res[1].login_required) status.textContent = status.getAttribute("data-login") || "";
        })
        .catch(function () { if (status) status.textContent = status.getAttribute("data-offline") || ""; });
    }
    form.addEventListener("input", function (ev) {
      if (ev.target.type === "file") return;
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
    form.addEventListener("change", function (ev) {
      if (ev.target.type === "checkbox" || ev.target.tagName === "SELECT") { clearTimeout(timer); timer = setTimeout(save, 300); }
    });
  }
  function setupStatus(el) {
    var url = el.getAttribute("data-status-url");
    var last = el.getAttribute("data-status");
    function poll() {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
        if (j.status && j.status !== last) {
          last = j.status;
          el.textContent = j.status_label;
          window.location.reload();
        }
      }).catch(function () {});
    }
    setInterval(poll, 15000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave-url]");
    if (form) setupAutosave(form);
    var st = document.querySelector("[data-status-url]");
    if (st) setupStatus(st);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
