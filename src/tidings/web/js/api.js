// Fetch helpers for the JSON API. Each caller passes a key; a newer request under the
// same key aborts the older one, so fast filter changes never render stale answers.

const inflight = new Map();

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(","));
    } else search.set(key, value === true ? "true" : String(value));
  }
  return search.toString();
}

export async function getJSON(path, params = {}, key = path) {
  if (inflight.has(key)) inflight.get(key).abort();
  const controller = new AbortController();
  inflight.set(key, controller);
  const qs = query(params);
  try {
    const response = await fetch(qs ? `${path}?${qs}` : path, {
      signal: controller.signal,
      headers: { Accept: "application/json" },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || response.statusText);
      throw new ApiError(response.status, detail);
    }
    return body;
  } finally {
    if (inflight.get(key) === controller) inflight.delete(key);
  }
}

export function isAbort(error) {
  return error && error.name === "AbortError";
}
