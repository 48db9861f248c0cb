/** Query strings of the status API's documents, validated with zod (unknown keys refused). */

import { z } from "zod";
import { parseInterval } from "@/mta/index";

const queuePattern = z.string().trim().min(1).max(300).regex(/^[^\s/]+(\/[^\s/]+)?$/, "queue is domain or domain/vmta (* allowed).");
const yesNo = z.enum(["yes", "no"], { error: 'Use "yes" or "no".' }).transform((v) => v === "yes");

export const ZQueuesQuery = z.strictObject({
  format: z.string().optional(),
  queue: queuePattern.optional(),
  mode: z.enum(["normal", "backoff"], { error: 'mode is "normal" or "backoff".' }).optional(),
  paused: yesNo.optional(),
});

export const ZListQuery = z
  .strictObject({
    format: z.string().optional(),
    queue: queuePattern.optional(),
    jobId: z.string().trim().min(1).max(200).optional(),
    orig: z.string().trim().min(1).max(320).optional(),
    rcpt: z.string().trim().min(1).max(320).optional(),
    "older-than": z.string().optional(),
    maxitems: z.coerce.number({ error: "maxitems is a number." }).int().min(1).max(10_000).default(10),
  })
  .transform((q, ctx) => {
    let olderThanMs: number | undefined;
    if (q["older-than"] !== undefined) {
      const r = parseInterval(q["older-than"]);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: `older-than: ${r.message}`, path: ["older-than"] });
        return z.NEVER;
      }
      olderThanMs = r.value;
    }
    return { queue: q.queue, jobId: q.jobId, orig: q.orig, rcpt: q.rcpt, olderThanMs, maxItems: q.maxitems };
  });

export const ZSettingsQuery = z.strictObject({
  format: z.string().optional(),
  queue: queuePattern,
});

/** "field: message; field: message" for a 400 body. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
