// The paginated event table (pages come from the server: limit/offset).
import { el, clear, truncate } from "./dom.js";

export function actorLink(ref) {
  if (!ref) return "";
  return el("a", { href: `#/actor/${encodeURIComponent(ref.name)}`, title: ref.text }, ref.name);
}

export function typeChip(type, colorOf) {
  const chip = el("span", { className: "chip" }, type);
  chip.style.borderColor = colorOf(type);
  const swatch = el("span", { className: "swatch" });
  swatch.style.background = colorOf(type);
  chip.prepend(swatch);
  return chip;
}

/**
 * Render one page into `container`. `page` is the /api/events answer.
 * `onPage(offset)` is called by the pager.
 */
export function renderEventList(container, page, { colorOf, onPage }) {
  clear(container);
  if (!page.items.length) {
    container.append(el("p", { className: "empty" }, "No events match these filters."));
    return;
  }
  const rows = page.items.map((e) =>
    el(
      "tr",
      { className: "event-row", dataset: { id: e.id, type: e.type } },
      el("td", { className: "nowrap" }, e.date.start || "—"),
      el("td", {}, typeChip(e.type, colorOf)),
      el("td", {}, actorLink(e.actor), e.recipient ? " → " : "", actorLink(e.recipient)),
      el("td", {}, e.location ? e.location.name || e.location.text : "—"),
      el(
        "td",
        { className: "evidence-cell" },
        el("a", { href: `#/event/${encodeURIComponent(e.id)}`, className: "event-link" }, truncate(e.evidence.sentence, 160)),
      ),
      el("td", {}, e.modality),
    ),
  );
  container.append(
    el(
      "table",
      { className: "events" },
      el("thead", {}, el("tr", {}, ["Date", "Type", "Actor → recipient", "Place", "Evidence", "Modality"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows),
    ),
  );
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const current = Math.floor(page.offset / page.limit) + 1;
  container.append(
    el(
      "div",
      { className: "pager" },
      el("button", { type: "button", disabled: page.offset <= 0, onclick: () => onPage(Math.max(0, page.offset - page.limit)) }, "‹ Prev"),
      ` page ${current} of ${pages} · ${page.total.toLocaleString()} events `,
      el("button", { type: "button", disabled: page.offset + page.limit >= page.total, onclick: () => onPage(page.offset + page.limit) }, "Next ›"),
    ),
  );
  // Whole row is a click target; links inside keep their own behaviour.
  container.querySelector("tbody").addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    const row = event.target.closest("tr.event-row");
    if (row) location.hash = `#/event/${encodeURIComponent(row.dataset.id)}`;
  });
}
