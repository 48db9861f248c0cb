/**
 * PowerMTA's envelopes for its machine-readable pages (powermta.md §1.8): JSON
 * `{"data": …, "status": "success", "message": ""}` and XML `<rsp><data>…</data><succ/></rsp>`.
 * The XML is derived from the same value: an object's keys become elements, an array repeats its
 * key's element (so `{vmta: [{name}]}` reads as `//vmta/name`, as monitoring scripts expect).
 */

export type StatusFormat = "json" | "xml";

export interface RenderedBody {
  contentType: string;
  body: string;
}

export function parseFormat(value: string | null | undefined): StatusFormat | null {
  if (value === null || value === undefined || value === "" || value === "json") return "json";
  if (value === "xml") return "xml";
  return null;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join("");
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === "object") return `<${name}>${children(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function children(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([k, v]) => element(k, v))
    .join("");
}

/** A successful document in `format`. */
export function renderSuccess(data: unknown, format: StatusFormat): RenderedBody {
  if (format === "xml") {
    const inner = Array.isArray(data) ? data.map((d) => element("item", d)).join("") : typeof data === "object" && data ? children(data as Record<string, unknown>) : escapeXml(String(data));
    return { contentType: "text/xml; charset=utf-8", body: `<?xml version="1.0" encoding="UTF-8"?>\n<rsp><data>${inner}</data><succ/></rsp>\n` };
  }
  return { contentType: "application/json; charset=utf-8", body: JSON.stringify({ data, status: "success", message: "" }) };
}

/** An error in PowerMTA's envelope (`status: "error"`, `<err>`), with Hermod's `error` code added. */
export function renderError(code: string, message: string, format: StatusFormat = "json"): RenderedBody {
  if (format === "xml") {
    return { contentType: "text/xml; charset=utf-8", body: `<?xml version="1.0" encoding="UTF-8"?>\n<rsp><err>${escapeXml(message)}</err></rsp>\n` };
  }
  return { contentType: "application/json; charset=utf-8", body: JSON.stringify({ data: null, status: "error", error: code, message }) };
}
