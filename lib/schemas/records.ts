/**
 * The accounting explorer's search (/records, /api/records/export): query-string parameters in, a
 * DeliveryRecord filter out. Unknown parameters and malformed values are refused with a message per
 * field, so a typo never silently widens a search.
 */

import { z } from "zod";

/**
 * PowerMTA's 17 bounce categories (powermta.md §3), the closed vocabulary of `bounceCat`. The records
 * page's client bundle imports this file, so it cannot import the engine (mta/index pulls in node:net);
 * records.test.ts pins it to the engine's list.
 */
export const BOUNCE_CATEGORIES = [
  "bad-configuration", "bad-connection", "bad-domain", "bad-mailbox", "content-related", "inactive-mailbox",
  "invalid-sender", "message-expired", "no-answer-from-host", "other", "policy-related", "protocol-errors",
  "quota-issues", "relaying-issues", "routing-errors", "spam-related", "virus-related",
] as const;

export const RECORD_TYPES = ["d", "b", "t"] as const;
export type TRecordType = (typeof RECORD_TYPES)[number];

/** Records per page of the explorer. */
export const RECORDS_PAGE_SIZE = 100;

/** Empty form fields arrive as "": treat them as absent. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const address = z.string().trim().max(320, "At most 320 characters.");
const name = z.string().trim().max(200, "At most 200 characters.");

const UTC_TIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?)?$/;
const ZONED_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;

/** `2026-01-31`, `2026-01-31T10:00` (a datetime-local field, read as UTC) or ISO 8601 with a zone. */
export const time = z
  .string()
  .trim()
  .transform((text, ctx) => {
    let ms = NaN;
    if (ZONED_TIME.test(text)) ms = Date.parse(text);
    else if (UTC_TIME.test(text)) ms = Date.parse(text.length === 10 ? `${text}T00:00Z` : `${text}Z`);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "A time is YYYY-MM-DD, YYYY-MM-DDTHH:MM (UTC) or ISO 8601 with a zone." });
      return z.NEVER;
    }
    return ms;
  });

const types = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const parts = [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
    const bad = parts.filter((t) => !(RECORD_TYPES as readonly string[]).includes(t));
    if (bad.length > 0 || parts.length === 0) {
      ctx.addIssue({ code: "custom", message: "Type is d (delivered), b (bounced) or t (deferred), or a list such as b,t." });
      return z.NEVER;
    }
    return parts as TRecordType[];
  });

export const ZRecordSearch = z
  .strictObject({
    rcpt: optional(address),
    orig: optional(address),
    jobId: optional(name),
    vmta: optional(name),
    domain: optional(
      z
        .string()
        .trim()
        .toLowerCase()
        .max(253)
        .regex(/^[^\s@/]+$/, "A domain is the part after @, e.g. example.com."),
    ),
    category: optional(z.enum(BOUNCE_CATEGORIES, { error: "Not a bounce category." })),
    type: optional(types),
    from: optional(time),
    to: optional(time),
    cursor: optional(z.coerce.number({ error: "The cursor is a record id." }).int().positive("The cursor is a record id.")),
  })
  .refine((s) => s.from === undefined || s.to === undefined || s.from < s.to, { message: "From must be before To.", path: ["to"] });

export type TRecordSearch = z.output<typeof ZRecordSearch>;

/** One record as the explorer shows it: times as epoch ms. */
export interface TRecordRow {
  id: number;
  type: TRecordType;
  timeLogged: number;
  timeQueued: number;
  orig: string;
  rcpt: string;
  dsnAction: string;
  dsnStatus: string;
  dsnDiag: string;
  dsnMta: string;
  bounceCat: string;
  dlvSourceIp: string;
  dlvDestinationIp: string;
  dlvTlsProtocol: string;
  dlvTlsCipher: string;
  vmta: string;
  jobId: string;
  queue: string;
  messageId: string;
}

/** A URLSearchParams as the plain object ZRecordSearch reads (the last value of a repeated key wins). */
export function searchParamsObject(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) out[k] = v;
    return out;
  }
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? (v.at(-1) ?? "") : v;
  }
  return out;
}

/** zod issues as one message per field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "search");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out[key] ??= `Unknown search parameter "${key}".`;
      continue;
    }
    out[field] ??= issue.message;
  }
  return out;
}
