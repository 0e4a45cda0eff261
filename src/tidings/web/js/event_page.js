// The event page: the article text with the evidence sentence highlighted and each
// field's span marked, so every fact can be checked against the words it came from.
import { el, clear, safeLink } from "./dom.js";
import { actorLink, typeChip } from "./list.js";

/** Field spans, in legend order: [css class, label, start, end, tooltip]. */
function fieldSpans(e) {
  const spans = [];
  const add = (cls, label, start, end, tip) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ cls, label, start, end, tip });
  };
  if (e.actor) add("f-actor", "actor", e.actor.start, e.actor.end, `actor: ${e.actor.name}`);
  if (e.recipient) add("f-recipient", "recipient", e.recipient.start, e.recipient.end, `recipient: ${e.recipient.name}`);
  if (e.location) add("f-location", "location", e.location.start, e.location.end, `location: ${e.location.name || e.location.text}`);
  if (e.date) add("f-date", "date", e.date.span_start, e.date.span_end, `date: ${e.date.start || "?"} (${e.date.precision || "?"})`);
  add("f-trigger", "trigger", e.evidence.trigger_start, e.evidence.trigger_end, `trigger: ${e.type}`);
  if (e.attribution) add("f-attribution", "attribution", e.attribution.start, e.attribution.end, `source: ${e.attribution.source}`);
  return spans;
}

export const LEGEND = [
  ["evidence", "evidence sentence"],
  ["f-actor", "actor"],
  ["f-recipient", "recipient"],
  ["f-location", "location"],
  ["f-date", "date"],
  ["f-trigger", "trigger"],
  ["f-attribution", "attribution"],
];

/** text[from:to] with the field spans that overlap it, as flat marked segments. */
function segments(text, from, to, spans) {
  const cuts = new Set([from, to]);
  for (const s of spans) {
    if (s.start > from && s.start < to) cuts.add(s.start);
    if (s.end > from && s.end < to) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) nodes.push(document.createTextNode(piece));
    else {
      nodes.push(
        el(
          "span",
          { className: ["span", ...covering.map((s) => s.cls)].join(" "), title: covering.map((s) => s.tip).join("; ") },
          piece,
        ),
      );
    }
  }
  return nodes;
}

/** The article body: before / <mark>evidence</mark> / after, each with its field spans. */
export function articleBody(text, e) {
  const body = el("div", { className: "article-text" });
  const ev = e.evidence;
  const valid = (s) => s.start >= 0 && s.end <= text.length;
  const spans = fieldSpans(e).filter(valid);
  const sentenceOk = Number.isInteger(ev.start) && ev.start >= 0 && ev.end <= text.length && ev.end > ev.start;
  if (!sentenceOk) {
    body.append(...segments(text, 0, text.length, spans));
    return { body, warning: "The evidence offsets fall outside the article text." };
  }
  const mark = el("mark", { className: "evidence", id: "evidence", title: "evidence sentence" }, ...segments(text, ev.start, ev.end, spans));
  body.append(...segments(text, 0, ev.start, spans), mark, ...segments(text, ev.end, text.length, spans));
  const matches = text.slice(ev.start, ev.end) === ev.sentence;
  return { body, warning: matches ? null : "The evidence sentence differs from the article text at its offsets." };
}

function row(label, ...value) {
  return el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, ...value));
}

function swatchLabel(cls, label) {
  return el("span", { className: "legend-item" }, el("span", { className: `span ${cls} legend-sample` }, label));
}

function fmtPlace(l) {
  if (!l) return "—";
  const coords = l.lat != null && l.lon != null ? ` (${l.lat.toFixed(3)}, ${l.lon.toFixed(3)})` : "";
  const extra = [l.admin1, l.country, l.precision].filter(Boolean).join(", ");
  return `${l.name || l.text}${coords}${extra ? " · " + extra : ""}`;
}

export function renderEventPage(container, e, { colorOf, backHash }) {
  clear(container);
  const article = e.article;
  const { body, warning } = articleBody(article.text, e);
  const spanMark = (cls, text) => el("span", { className: `span ${cls}` }, text);

  const fields = el(
    "table",
    { className: "fields" },
    el(
      "tbody",
      {},
      row("Type", typeChip(e.type, colorOf), e.mode ? ` · mode ${e.mode}` : ""),
      row("CAMEO / ACLED", `${e.cameo_root || "—"} / ${[e.acled_event_type, e.acled_sub_event_type].filter(Boolean).join(" › ") || "—"}`),
      row("Trigger", spanMark("f-trigger", e.evidence.trigger)),
      row("Actor", e.actor ? spanMark("f-actor", e.actor.text) : "—", e.actor ? [" → ", actorLink(e.actor), ` ${[e.actor.country, e.actor.sector].filter(Boolean).join(" ")}`] : ""),
      row("Recipient", e.recipient ? spanMark("f-recipient", e.recipient.text) : "—", e.recipient ? [" → ", actorLink(e.recipient), ` ${[e.recipient.country, e.recipient.sector].filter(Boolean).join(" ")}`] : ""),
      row("Location", e.location ? spanMark("f-location", e.location.text) : "", e.location ? " → " : "", fmtPlace(e.location)),
      row(
        "Date",
        e.date.text ? spanMark("f-date", e.date.text) : "",
        e.date.text ? " → " : "",
        `${e.date.start || "unknown"}${e.date.end && e.date.end !== e.date.start ? " – " + e.date.end : ""} · ${e.date.precision || "?"} · ${e.date.basis}`,
      ),
      row("Attribution", e.attribution ? [spanMark("f-attribution", e.attribution.source), ` ${e.attribution.verb || ""}${e.attribution.speaker ? " (speaker: " + e.attribution.speaker + ")" : ""}`] : "—"),
      row("Modality", e.modality),
      row("Fatalities", e.fatalities == null ? "—" : String(e.fatalities)),
      row("Confidence", Number(e.confidence).toFixed(2)),
      row("Event id", el("code", {}, e.id)),
    ),
  );

  const meta = [
    article.published ? `published ${article.published}` : "no publication date",
    article.source ? `from ${article.source}` : null,
  ].filter(Boolean).join(" · ");

  container.append(
    el("p", {}, el("a", { href: backHash, className: "back" }, "← back to events")),
    el("h1", { className: "event-title" }, `${e.type}${e.actor ? " by " + e.actor.name : ""}${e.location ? " in " + (e.location.name || e.location.text) : ""}`),
    el(
      "div",
      { className: "event-layout" },
      el("div", { className: "event-fields" }, fields),
      el(
        "article",
        { className: "article", "aria-label": "Article text" },
        el("h2", { className: "article-title" }, article.title || "(untitled article)"),
        el("p", { className: "article-meta" }, meta, article.url ? [" · ", safeLink(article.url, "original")] : "", " · ", el("a", { href: `/api/articles/${encodeURIComponent(article.id)}` }, "JSON")),
        el("div", { className: "legend span-legend" }, LEGEND.map(([cls, label]) => (cls === "evidence" ? el("mark", { className: "evidence legend-item" }, label) : swatchLabel(cls, label)))),
        warning ? el("p", { className: "warning", role: "alert" }, warning) : "",
        body,
      ),
    ),
  );
  const mark = container.querySelector("mark#evidence");
  if (mark) mark.scrollIntoView({ block: "center" });
}
