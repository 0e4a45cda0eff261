// The actor page: who the actor is, its events per week, and its events page by page.
import { el, clear } from "./dom.js";
import { renderEventList } from "./list.js";
import { Timeline } from "./timeline.js";

export function renderActorPage(container, actor, page, { colorOf, backHash, onPage, onWeek }) {
  clear(container);
  const s = actor.summary;
  const facts = s
    ? [
        s.country ? `country ${s.country}` : null,
        s.sector ? `sector ${s.sector}` : null,
        `${Number(s.events).toLocaleString()} events`,
        s.first_date ? `${s.first_date} – ${s.last_date || "?"}` : null,
      ].filter(Boolean).join(" · ")
    : "";
  const canvas = el("canvas", { className: "timeline", "aria-label": `Events per week involving ${actor.name}` });
  const list = el("div", { id: "actor-events" });
  container.append(
    el("p", {}, el("a", { href: backHash, className: "back" }, "← back to events")),
    el("h1", { className: "actor-name" }, actor.name),
    el("p", { className: "actor-facts" }, facts, " · ", el("a", { href: `#/?actor=${encodeURIComponent(actor.name)}` }, "show on map")),
    el("div", { className: "timeline-box" }, el("h2", {}, "Events per week"), canvas),
    el("h2", {}, "Events"),
    list,
  );
  const timeline = new Timeline(canvas, { onPick: onWeek });
  timeline.set(actor.by_week);
  renderEventList(list, page, { colorOf, onPage });
}
