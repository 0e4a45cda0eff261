// Week arithmetic for the timeline. Weeks are named by their ISO Monday ("2016-06-06").

const DAY = 86400000;

function parseDay(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

export function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** [Monday, Sunday] of the week starting on `monday`, as ISO dates. */
export function weekRange(monday) {
  const start = parseDay(monday);
  if (!start) return null;
  return [isoDate(start), isoDate(new Date(start.getTime() + 6 * DAY))];
}

/** Sorted week counts with empty weeks filled in, so the x axis is true time. */
export function continuousWeeks(pairs, maxWeeks = 1500) {
  const counts = new Map(pairs.filter((p) => parseDay(p.week)).map((p) => [p.week, p.count]));
  const weeks = [...counts.keys()].sort();
  if (!weeks.length) return [];
  const first = parseDay(weeks[0]).getTime();
  const span = Math.round((parseDay(weeks[weeks.length - 1]).getTime() - first) / (7 * DAY)) + 1;
  if (span > maxWeeks) return weeks.map((w) => ({ week: w, count: counts.get(w) }));
  return Array.from({ length: span }, (_, i) => {
    const week = isoDate(new Date(first + i * 7 * DAY));
    return { week, count: counts.get(week) || 0 };
  });
}
