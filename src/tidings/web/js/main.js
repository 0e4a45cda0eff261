// Dashboard entry point: hash routing, filters <-> URL, and the views.
//   #/?type=ASSAULT&since=2016-01-01&offset=50   overview (map, timeline, list)
//   #/event/<id>                                 event page with the evidence
//   #/actor/<name>?offset=0                      actor page
import { getJSON, query, isAbort } from "./api.js";
import { el, clear } from "./dom.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { renderEventList } from "./list.js";
import { renderEventPage } from "./event_page.js";
import { renderActorPage } from "./actor_page.js";

const FILTERS = ["type", "actor", "place", "since", "until", "modality", "q", "facts_only", "in_view"];
const $ = (id) => document.getElementById(id);

const state = { meta: null, colors: {}, fallback: "#555", lastOverview: "#/", map: null, timeline: null };

const colorOf = (type) => state.colors[type] || state.fallback;

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function report(error) {
  if (isAbort(error)) return;
  console.error(error);
  setStatus(error.message || String(error), true);
}

// ---- routing ---------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = raw.split("?");
  const params = new URLSearchParams(search);
  const event = /^event\/(.+)$/.exec(path);
  if (event) return { view: "event", id: decodeURIComponent(event[1]), params };
  const actor = /^actor\/(.+)$/.exec(path);
  if (actor) return { view: "actor", name: decodeURIComponent(actor[1]), params };
  return { view: "overview", params };
}

function filtersFrom(params) {
  const f = {};
  for (const key of FILTERS) if (params.has(key)) f[key] = params.get(key);
  return f;
}

/** The filter values as API query parameters (bbox added when "map bounds only"). */
function apiFilters(f, withBbox) {
  const p = { ...f };
  delete p.in_view;
  p.facts_only = f.facts_only === "true";
  if (withBbox && state.map) p.bbox = state.map.bbox();
  return p;
}

function navigate(params) {
  const qs = query(params);
  location.hash = qs ? `#/?${qs}` : "#/";
}

// ---- filter form -----------------------------------------------------------------------

function formToFilters() {
  const form = $("filters");
  const f = {};
  const types = [...form.querySelectorAll("input[name=type]:checked")].map((i) => i.value);
  if (types.length) f.type = types.join(",");
  for (const key of ["actor", "place", "since", "until", "modality", "q"]) {
    const value = form.elements[key].value.trim();
    if (value) f[key] = value;
  }
  if (form.elements.facts_only.checked) f.facts_only = "true";
  if (form.elements.in_view.checked) f.in_view = "true";
  return f;
}

function filtersToForm(f) {
  const form = $("filters");
  const types = new Set((f.type || "").split(",").filter(Boolean));
  for (const box of form.querySelectorAll("input[name=type]")) box.checked = types.has(box.value);
  $("type-summary").textContent = types.size ? [...types].join(", ") : "all";
  for (const key of ["actor", "place", "since", "until", "modality", "q"]) form.elements[key].value = f[key] || "";
  form.elements.facts_only.checked = f.facts_only === "true";
  form.elements.in_view.checked = f.in_view === "true";
}

function buildControls() {
  const options = $("type-options");
  for (const type of state.meta.types) {
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = colorOf(type);
    options.append(el("label", { className: "type-option" }, el("input", { type: "checkbox", name: "type", value: type }), swatch, type));
  }
  const modality = $("filters").elements.modality;
  for (const m of state.meta.modalities) modality.append(el("option", { value: m }, m));
  const sort = $("sort");
  for (const s of state.meta.sorts) sort.append(el("option", { value: s }, s.startsWith("-") ? `${s.slice(1)} ↓` : `${s} ↑`));

  const form = $("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...formToFilters(), sort: currentSort() });
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT" || event.target.type === "date") {
      navigate({ ...formToFilters(), sort: currentSort() });
    }
  });
  $("reset").addEventListener("click", () => navigate({}));
  sort.addEventListener("change", () => navigate({ ...formToFilters(), sort: sort.value }));
  suggest(form.elements.actor, $("actor-options"), "/api/actors");
  suggest(form.elements.place, $("place-options"), "/api/places");
}

function currentSort() {
  return parseHash().params.get("sort") || "-date";
}

/** Fill a <datalist> from /api/actors or /api/places as the user types. */
function suggest(input, datalist, path) {
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const data = await getJSON(path, { q, limit: 20 }, `suggest:${path}`);
        datalist.replaceChildren(...data.items.map((item) => el("option", { value: item.name })));
      } catch (error) {
        report(error);
      }
    }, 200);
  });
}

// ---- views -----------------------------------------------------------------------------

function show(view) {
  $("overview").hidden = view !== "overview";
  $("page").hidden = view === "overview";
  $("filters").hidden = view !== "overview";
  if (view === "overview" && state.map) state.map.invalidate();
}

function renderLegend(byType) {
  const legend = clear($("legend"));
  const types = [...new Set([...state.meta.types, ...Object.keys(byType)])];
  for (const type of types) {
    const count = byType[type] || 0;
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = colorOf(type);
    legend.append(
      el(
        "button",
        { type: "button", className: `legend-item${count ? "" : " zero"}`, title: `show only ${type}`, onclick: () => navigate({ ...formToFilters(), type, sort: currentSort() }) },
        swatch,
        `${type} ${count.toLocaleString()}`,
      ),
    );
  }
}

async function refreshMap() {
  const f = filtersFrom(parseHash().params);
  const params = apiFilters(f, false);
  params.bbox = state.map.bbox();
  try {
    const data = await getJSON("/api/map", params, "map");
    state.map.setPoints(data.points);
    $("map-note").textContent =
      data.total > data.points.length
        ? `Map shows the newest ${data.points.length.toLocaleString()} of ${data.total.toLocaleString()} events in view; zoom in or filter for the rest.`
        : `${data.total.toLocaleString()} events in view.`;
  } catch (error) {
    report(error);
  }
}

async function refreshOverview(params) {
  const f = filtersFrom(params);
  const sort = params.get("sort") || "-date";
  const offset = Number(params.get("offset") || 0);
  const inView = f.in_view === "true";
  const filters = apiFilters(f, inView);
  $("sort").value = sort;
  const exportQuery = query(filters);
  for (const fmt of ["csv", "geojson", "jsonl"]) $(`export-${fmt}`).href = `/api/events.${fmt}${exportQuery ? "?" + exportQuery : ""}`;
  setStatus("Loading…");
  try {
    const [page, stats] = await Promise.all([
      getJSON("/api/events", { ...filters, sort, offset, limit: state.meta.default_page_size }, "events"),
      getJSON("/api/stats", filters, "stats"),
    ]);
    $("list-title").textContent = `${page.total.toLocaleString()} events`;
    renderEventList($("event-list"), page, {
      colorOf,
      onPage: (next) => navigate({ ...f, sort, offset: next || null }),
    });
    state.timeline.set(stats.by_week);
    renderLegend(stats.by_type);
    setStatus(`${stats.total_events.toLocaleString()} events from ${stats.total_articles.toLocaleString()} articles`);
  } catch (error) {
    report(error);
  }
}

async function showOverview(params) {
  show("overview");
  state.lastOverview = location.hash || "#/";
  filtersToForm(filtersFrom(params));
  await Promise.all([refreshOverview(params), refreshMap()]);
}

async function showEvent(id) {
  show("page");
  const page = $("page");
  clear(page).append(el("p", {}, "Loading event…"));
  try {
    const event = await getJSON(`/api/events/${encodeURIComponent(id)}`, {}, "page");
    renderEventPage(page, event, { colorOf, backHash: state.lastOverview });
    document.title = `${event.type} — tidings`;
    setStatus("");
  } catch (error) {
    if (!isAbort(error)) clear(page).append(el("p", { className: "error" }, error.message), el("a", { href: state.lastOverview }, "← back"));
    report(error);
  }
}

async function showActor(name, params) {
  show("page");
  const page = $("page");
  clear(page).append(el("p", {}, "Loading actor…"));
  const offset = Number(params.get("offset") || 0);
  try {
    const [actor, events] = await Promise.all([
      getJSON(`/api/actors/${encodeURIComponent(name)}`, {}, "page"),
      getJSON("/api/events", { actor: name, offset, limit: state.meta.default_page_size }, "actor-events"),
    ]);
    renderActorPage(page, actor, events, {
      colorOf,
      backHash: state.lastOverview,
      onPage: (next) => (location.hash = `#/actor/${encodeURIComponent(name)}${next ? "?offset=" + next : ""}`),
      onWeek: (week, [since, until]) => navigate({ actor: name, since, until }),
    });
    document.title = `${name} — tidings`;
    setStatus("");
  } catch (error) {
    if (!isAbort(error)) clear(page).append(el("p", { className: "error" }, error.message), el("a", { href: state.lastOverview }, "← back"));
    report(error);
  }
}

function route() {
  const r = parseHash();
  if (r.view === "event") return showEvent(r.id);
  if (r.view === "actor") return showActor(r.name, r.params);
  document.title = "tidings — events";
  return showOverview(r.params);
}

async function start() {
  try {
    const [meta, types] = await Promise.all([getJSON("/api/meta"), getJSON("/static/types.json")]);
    state.meta = meta;
    state.colors = types.colors;
    state.fallback = types.fallback;
  } catch (error) {
    report(error);
    return;
  }
  buildControls();
  state.map = new EventMap($("map"), {
    colorOf,
    onSelect: (id) => (location.hash = `#/event/${encodeURIComponent(id)}`),
    onMove: () => {
      if (parseHash().view !== "overview") return;
      refreshMap();
      if ($("filters").elements.in_view.checked) refreshOverview(parseHash().params);
    },
  });
  state.map.ready.catch(report);
  state.timeline = new Timeline($("timeline"), {
    onPick: (week, [since, until]) => navigate({ ...formToFilters(), since, until, sort: currentSort() }),
  });
  window.addEventListener("hashchange", route);
  await route();
  document.body.dataset.ready = "true";
}

start();
