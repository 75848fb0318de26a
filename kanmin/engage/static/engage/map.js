/* kanmin engage: point maps with clustering. Tiles are optional (KANMIN_MAP_TILES); without them the
   points are drawn on a plain background with a scale bar, so the map works offline. */
(function () {
  "use strict";

  function popupContent(props) {
    var box = document.createElement("div");
    if (props.label) {
      var title = document.createElement("strong");
      title.textContent = props.label;
      box.appendChild(title);
    }
    var list = document.createElement("dl");
    (props.fields || []).forEach(function (pair) {
      var dt = document.createElement("dt");
      dt.textContent = pair[0];
      var dd = document.createElement("dd");
      dd.textContent = pair[1] === null ? "" : String(pair[1]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
    if (list.childNodes.length) { box.appendChild(list); }
    return box;
  }

  function init(el) {
    var status = document.querySelector('[data-engage-map-status="' + el.id + '"]');
    function say(text) { if (status) { status.textContent = text; } }
    if (!window.L) { say(el.getAttribute("data-msg-error")); return; }
    say(el.getAttribute("data-msg-loading"));
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: parseInt(el.getAttribute("data-max-zoom"), 10) || 18 });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.getAttribute("data-attribution") || "", maxZoom: map.getMaxZoom() }).addTo(map);
    } else {
      el.classList.add("engage-map-plain");
      if (el.getAttribute("data-attribution")) { map.attributionControl.addAttribution(el.getAttribute("data-attribution")); }
    }
    L.control.scale({ imperial: false }).addTo(map);
    map.setView([34.34, 134.04], 11);
    fetch(el.getAttribute("data-points-url"), { headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var group = L.markerClusterGroup ? L.markerClusterGroup({ chunkedLoading: true }) : L.featureGroup();
        data.features.forEach(function (f) {
          var c = f.geometry.coordinates;
          var marker = L.marker([c[1], c[0]], { title: f.properties.label || "", alt: f.properties.label || "" });
          marker.bindPopup(function () { return popupContent(f.properties); });
          group.addLayer(marker);
        });
        map.addLayer(group);
        if (data.features.length) { map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 16 }); }
        var text = data.features.length + " " + el.getAttribute("data-msg-count");
        if (data.skipped) { text += "（" + data.skipped + " " + el.getAttribute("data-msg-skipped") + "）"; }
        say(text);
        el.setAttribute("data-points", String(data.features.length));
      })
      .catch(function () { say(el.getAttribute("data-msg-error")); el.setAttribute("data-points", "error"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-engage-map]").forEach(init);
  });
})();
