// The event map: Natural Earth countries (world-atlas TopoJSON) as an offline basemap,
// events as clustered dots coloured by PLOVER type. Leaflet, markercluster and
// topojson-client are vendored classic scripts exposing the globals L and topojson.
/* global L, topojson */
import { el } from "./dom.js";

const WORLD = "/static/vendor/world-atlas/countries-50m.json";

export class EventMap {
  constructor(container, { colorOf, onSelect, onMove }) {
    this.colorOf = colorOf;
    this.onSelect = onSelect;
    this.map = L.map(container, {
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 12,
      maxBounds: [[-90, -200], [90, 200]],
      maxBoundsViscosity: 0.8,
      zoomSnap: 0.5,
      attributionControl: true,
    }).setView([25, 20], 2);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth · world-atlas · Leaflet");
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: (cluster) => this._clusterIcon(cluster),
    });
    this.map.addLayer(this.cluster);
    let timer = null;
    this.map.on("moveend", () => {
      clearTimeout(timer);
      timer = setTimeout(() => onMove && onMove(), 200);
    });
    this.ready = this._loadBasemap();
  }

  async _loadBasemap() {
    const response = await fetch(WORLD);
    const topo = await response.json();
    const land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, {
      renderer: L.canvas({ padding: 0.2 }),
      interactive: false,
      style: { color: "#9aa7b1", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1 },
    }).addTo(this.map);
    this.map.getContainer().dataset.basemap = "loaded";
  }

  /** The visible area as min_lon,min_lat,max_lon,max_lat clamped to the world. */
  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    let west = b.getWest();
    let east = b.getEast();
    if (east - west >= 360) {
      west = -180;
      east = 180;
    }
    const r = (v) => Math.round(v * 1e4) / 1e4;
    return [
      r(clamp(west, -180, 180)),
      r(clamp(b.getSouth(), -90, 90)),
      r(clamp(east, -180, 180)),
      r(clamp(b.getNorth(), -90, 90)),
    ].join(",");
  }

  setPoints(points) {
    const markers = points.map(([id, lat, lon, type, date]) => {
      const dot = el("span", { className: "ev-dot" });
      dot.style.background = this.colorOf(type);
      const marker = L.marker([lat, lon], {
        icon: L.divIcon({ className: "ev-marker", html: dot, iconSize: [12, 12] }),
        keyboard: false,
        title: `${type} ${date || ""}`.trim(),
      });
      marker.eventType = type;
      marker.on("click", () => this.onSelect(id));
      return marker;
    });
    this.cluster.clearLayers();
    this.cluster.addLayers(markers);
  }

  _clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      counts.set(marker.eventType, (counts.get(marker.eventType) || 0) + 1);
    }
    let top = null;
    for (const [type, count] of counts) if (!top || count > top[1]) top = [type, count];
    const n = cluster.getChildCount();
    const size = n < 10 ? 26 : n < 100 ? 32 : n < 1000 ? 38 : 44;
    const bubble = el("div", { className: "ev-cluster" }, el("span", {}, n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n)));
    bubble.style.background = this.colorOf(top ? top[0] : "");
    bubble.style.width = bubble.style.height = `${size}px`;
    bubble.title = [...counts].sort((a, b) => b[1] - a[1]).map(([t, c]) => `${t} ${c}`).join(", ");
    return L.divIcon({ html: bubble, className: "ev-cluster-icon", iconSize: [size, size] });
  }

  invalidate() {
    this.map.invalidateSize();
  }
}
