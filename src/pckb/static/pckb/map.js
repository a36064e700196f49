/* The map component (core/_map.html, {% pckb_map %}): province outlines, clustered coloured points,
 * a popup per point and a list of the points below the map. Configured through data- attributes only
 * (the CSP allows no inline script); every text shown comes from the template, already translated.
 * Text from the server is always set with textContent, never as HTML. */
(function () {
  "use strict";

  var COLOURS = ["success", "warning", "danger", "info", "secondary"];
  // A cluster takes the colour of its most urgent point, so a "danger" is never hidden in a cluster.
  var URGENCY = { danger: 4, warning: 3, info: 2, success: 1, secondary: 0 };
  var LIST_LIMIT = 500; // the list below the map; the module's list page has them all
  // Labels of the two archipelagos (drawn as parts of Đà Nẵng and Khánh Hòa).
  var ARCHIPELAGOS = [["paracel", [16.5, 112.0]], ["spratly", [9.6, 114.4]]];

  function colourOf(properties) {
    return COLOURS.indexOf(properties.colour) >= 0 ? properties.colour : "secondary";
  }

  // Only links inside this site: a "javascript:" or foreign URL in the data is never followed.
  function safeUrl(url) {
    return typeof url === "string" && /^\/(?![\/\\])/.test(url) ? url : "";
  }

  function format(text, count) {
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined).format(count);
    return (text || "").replace("{count}", number);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function escapeText(text) {
    var node = document.createElement("span");
    node.textContent = text || "";
    return node.innerHTML;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  // The page's legend says what each colour means: the popup and the list say it in words too.
  function legendLabels(section) {
    var labels = {};
    section.querySelectorAll("[data-legend-colour]").forEach(function (item) {
      labels[item.dataset.legendColour] = item.textContent.trim();
    });
    return labels;
  }

  function popupContent(properties, texts) {
    var box = element("div", "pckb-map-popup");
    box.appendChild(element("strong", "d-block", properties.title || ""));
    var meaning = texts.legend[colourOf(properties)];
    if (meaning) { box.appendChild(element("span", "d-block", meaning)); }
    // (A detail that repeats the legend's words, e.g. the status itself, is said once.)
    if (properties.detail && properties.detail !== meaning) {
      box.appendChild(element("span", "d-block text-body-secondary", properties.detail));
    }
    var url = safeUrl(properties.url);
    if (url) {
      var link = element("a", "d-inline-block mt-1", texts.open);
      link.href = url;
      box.appendChild(link);
    }
    return box;
  }

  function markerIcons() {
    var icons = {};
    COLOURS.forEach(function (colour) {
      icons[colour] = L.divIcon({ className: "pckb-map-marker pckb-map-marker-" + colour, iconSize: [18, 18], html: "" });
    });
    return icons;
  }

  // A div icon with an accessible name: clusters are focusable buttons whose text is only a number.
  // (Defined once Leaflet is known to be loaded.)
  var LabelledIcon = null;

  function defineLabelledIcon() {
    LabelledIcon = LabelledIcon || L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var node = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        if (this.options.label) { node.setAttribute("aria-label", this.options.label); node.title = this.options.label; }
        return node;
      },
    });
  }

  function clusterIcon(texts) {
    return function (cluster) {
      var worst = "secondary";
      cluster.getAllChildMarkers().forEach(function (marker) {
        if (URGENCY[marker.options.pckbColour] > URGENCY[worst]) { worst = marker.options.pckbColour; }
      });
      var count = cluster.getChildCount();
      var size = count < 100 ? 34 : count < 1000 ? 40 : 46;
      return new LabelledIcon({
        className: "pckb-map-cluster pckb-map-cluster-" + worst,
        iconSize: [size, size],
        html: "<span>" + escapeText(format("{count}", count)) + "</span>",
        label: format(texts.cluster, count),
      });
    };
  }

  function fillList(section, features, texts) {
    var list = section.querySelector("[data-map-list] ul");
    if (!list || list.dataset.filled) { return; }
    list.dataset.filled = "1";
    features.slice(0, LIST_LIMIT).forEach(function (feature) {
      var properties = feature.properties || {};
      var item = element("li", "py-1 border-bottom");
      item.appendChild(element("span", "pckb-map-swatch pckb-map-swatch-" + colourOf(properties)));
      item.lastChild.setAttribute("aria-hidden", "true");
      item.appendChild(document.createTextNode(" "));
      var url = safeUrl(properties.url);
      var name = element(url ? "a" : "span", "", properties.title || "");
      if (url) { name.href = url; }
      item.appendChild(name);
      var meaning = texts.legend[colourOf(properties)];
      if (meaning) { item.appendChild(element("span", "text-body-secondary", " · " + meaning)); }
      if (properties.detail && properties.detail !== meaning) {
        item.appendChild(element("span", "text-body-secondary", " · " + properties.detail));
      }
      list.appendChild(item);
    });
    if (features.length > LIST_LIMIT) {
      list.appendChild(element("li", "py-1 text-body-secondary", format(texts.listMore, LIST_LIMIT)));
    }
  }

  function bounds(bbox) {
    return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
  }

  function init(section) {
    if (section.dataset.pckbMapReady) { return; }
    section.dataset.pckbMapReady = "1";
    var data = section.dataset;
    var texts = {
      open: data.textOpen, count: data.textCount, empty: data.textEmpty, truncated: data.textTruncated,
      error: data.textError, cluster: data.textCluster, listMore: data.textListMore, legend: legendLabels(section),
    };
    var status = section.querySelector("[data-map-status]");
    var canvas = section.querySelector(".pckb-map-canvas");
    var map = L.map(canvas, {
      zoomSnap: 0.25,
      minZoom: 4,
      maxZoom: 18,
      // The page scrolls under the wheel and one finger until the map is clicked or focused.
      scrollWheelZoom: false,
      dragging: !L.Browser.mobile,
      tap: false,
    });
    map.attributionControl.setPrefix(false);
    // Once the map is clicked, tapped or focused it takes the wheel and the finger; leaving gives the wheel back.
    function engage() {
      map.scrollWheelZoom.enable();
      map.dragging.enable();
    }
    map.on("click", engage);
    canvas.addEventListener("focus", engage);
    canvas.addEventListener("blur", function () { map.scrollWheelZoom.disable(); });
    canvas.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });

    if (data.tileUrl) {
      // The attribution control writes HTML: the configured text goes in escaped.
      L.tileLayer(data.tileUrl, { attribution: escapeText(data.tileAttribution), maxZoom: 18 }).addTo(map);
      section.classList.add("pckb-map-tiles");
    }
    map.fitBounds(L.latLngBounds([7.2, 102.1], [23.4, 117.8])); // the whole country until the outlines arrive

    var outlinesReady = fetchJson(data.outlinesUrl).then(function (collection) {
      var provinceUrl = data.provinceUrl || "";
      var layer = L.geoJSON(collection, {
        attribution: escapeText(data.outlinesAttribution),
        interactive: Boolean(provinceUrl),
        style: function (feature) {
          var className = "pckb-map-province";
          if (provinceUrl) { className += " pckb-map-province-link"; }
          if (data.province) {
            className += feature.properties.code === data.province ? " pckb-map-province-current" : " pckb-map-province-other";
          }
          return { className: className };
        },
        onEachFeature: function (feature, province) {
          if (!provinceUrl) { return; }
          province.bindTooltip(element("span", "", feature.properties.name), { sticky: true });
          province.on("click", function () {
            window.location.assign(provinceUrl.replace("{code}", encodeURIComponent(feature.properties.code)));
          });
        },
      }).addTo(map);
      ARCHIPELAGOS.forEach(function (entry) {
        var text = data["text" + entry[0].charAt(0).toUpperCase() + entry[0].slice(1)];
        if (!text) { return; }
        L.tooltip({ permanent: true, direction: "center", className: "pckb-map-place", interactive: false })
          .setLatLng(entry[1]).setContent(element("span", "", text)).addTo(map);
      });
      var byCode = {};
      collection.features.forEach(function (feature) { byCode[feature.properties.code] = feature; });
      return { layer: layer, byCode: byCode, bbox: collection.bbox };
    });

    var pointsReady = data.pointsUrl ? fetchJson(data.pointsUrl) : Promise.resolve(null);

    Promise.all([outlinesReady, pointsReady]).then(function (results) {
      var outlines = results[0];
      var collection = results[1];
      var province = data.province && outlines.byCode[data.province];
      var view = province ? bounds(province.bbox) : bounds(outlines.bbox);
      if (collection) {
        var icons = markerIcons();
        var markers = [];
        collection.features.forEach(function (feature) {
          var coordinates = feature.geometry && feature.geometry.coordinates;
          if (!coordinates) { return; }
          var properties = feature.properties || {};
          var colour = colourOf(properties);
          var marker = L.marker([coordinates[1], coordinates[0]], {
            icon: icons[colour], title: properties.title || "", keyboard: true, pckbColour: colour,
          });
          marker.bindPopup(function () { return popupContent(properties, texts); });
          markers.push(marker);
        });
        var clusters = L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          spiderfyOnMaxZoom: true,
          maxClusterRadius: 50,
          iconCreateFunction: clusterIcon(texts),
        });
        clusters.addLayers(markers);
        map.addLayer(clusters);
        // (The cluster group adds its markers in chunks, so its own bounds are not known yet.)
        if (!province && markers.length) { view = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })); }
        var message = !markers.length ? texts.empty
          : collection.truncated ? format(texts.truncated, markers.length)
          : format(texts.count, markers.length);
        if (status) { status.textContent = message; }
        var details = section.querySelector("[data-map-list]");
        if (details) {
          details.addEventListener("toggle", function () { fillList(section, collection.features, texts); });
          if (details.open) { fillList(section, collection.features, texts); }
        }
      }
      map.fitBounds(view, { padding: [12, 12], maxZoom: 13 });
      section.dataset.pckbMapLoaded = "1"; // browser tests wait for this
    }).catch(function (error) {
      if (window.console) { window.console.warn("map:", error); }
      if (status) { status.textContent = texts.error; status.classList.add("text-danger"); }
      section.dataset.pckbMapLoaded = "error";
    });
  }

  function start() {
    if (typeof L === "undefined" || !L.markerClusterGroup) { return; }
    defineLabelledIcon();
    document.querySelectorAll("[data-pckb-map]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
