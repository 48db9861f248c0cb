/**
 * Operator actions on queues and jobs (PowerMTA's `pmta pause queue`, `schedule`, `delete`, …): one
 * schema for the console's server actions, the /api/v1 command endpoints and the `hermod` CLI.
 */

import { z } from "zod";
import { parseInterval } from "@/mta/index";

/** `domain/vmta`, or `domain` for `{default}`. */
const queue = z.string().trim().min(1, "Queue is required.").max(300).regex(/^[^\s/]+(\/[^\s/]+)?$/, "Queue is domain or domain/vmta.");
const jobId = z.string().trim().min(1, "Job ID is required.").max(200);
const ip = z.union([z.ipv4(), z.ipv6()], { error: "Source IP is an IPv4 or IPv6 address." });
/** A PowerMTA interval ("10m", "1h30m", "90" seconds) in milliseconds. */
const interval = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const r = parseInterval(text);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

export const ZQueueAction = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("pause-queue"), queue }),
  z.strictObject({ action: z.literal("resume-queue"), queue }),
  z.strictObject({ action: z.literal("pause-job"), jobId }),
  z.strictObject({ action: z.literal("resume-job"), jobId }),
  z.strictObject({ action: z.literal("retry-now"), queue }),
  z.strictObject({ action: z.literal("set-mode"), queue, mode: z.enum(["normal", "backoff"]) }),
  z.strictObject({ action: z.literal("disable-source"), queue, ip, reenableAfter: interval.optional() }),
  z.strictObject({ action: z.literal("enable-source"), queue, ip }),
  z
    .strictObject({
      action: z.literal("delete"),
      queue: queue.optional(),
      jobId: jobId.optional(),
      sender: z.string().trim().min(1).max(320).optional(),
      olderThan: interval.optional(),
      dsn: z.boolean().default(false),
    })
    // As `pmta delete`: a delete names a queue or a job, so one command never empties the whole spool.
    .refine((d) => d.queue !== undefined || d.jobId !== undefined, { message: "Delete needs a queue or a job ID.", path: ["queue"] }),
]);

export type TQueueActionInput = z.input<typeof ZQueueAction>;
export type TQueueAction = z.output<typeof ZQueueAction>;

export interface TQueueActionResult {
  /** What happened, for a person ("Queue gmail.com/v1 paused."). */
  message: string;
  /** false when there was nothing to act on (no such queue, job not paused, …). */
  changed: boolean;
  /** `delete`: how many recipients were removed. */
  count?: number;
}
