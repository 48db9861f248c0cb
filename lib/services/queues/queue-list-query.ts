/**
 * The /queues page's query string: filter, sort and page over the engine's queues. Validated with zod
 * (unknown keys refused); an invalid query is shown as a message and the default listing.
 */

import { z } from "zod";
import { formatQueueKey, parseQueueKey } from "@/mta/index";

export const QUEUE_SORTS = ["recipients", "kb", "oldest", "name"] as const;
export type TQueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_SIZE = 50;

const blankIsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const flag = z.preprocess(blankIsAbsent, z.enum(["1", "0", "true", "false"], { error: "Use 1 or 0." }).optional()).transform((v) => (v === undefined ? undefined : v === "1" || v === "true"));

export const ZQueueListQuery = z.strictObject({
  /** Text matched (case-insensitively) against the domain and the VirtualMTA. */
  q: z.preprocess(blankIsAbsent, z.string().trim().max(300, "At most 300 characters.").optional()),
  mode: z.preprocess(blankIsAbsent, z.enum(["normal", "backoff"], { error: "Mode is normal or backoff." }).optional()),
  paused: flag,
  errors: flag,
  sort: z.preprocess(blankIsAbsent, z.enum(QUEUE_SORTS, { error: `Sort by ${QUEUE_SORTS.join(", ")}.` }).default("recipients")),
  page: z.preprocess(blankIsAbsent, z.coerce.number({ error: "Page is a number." }).int().min(1, "Pages start at 1.").max(100_000).default(1)),
});

export type TQueueListQuery = z.output<typeof ZQueueListQuery>;

/** `domain/vmta` from the detail page's two URL segments, normalised as the engine names queues; null when malformed. */
export function queueKeyOf(domain: string, vmta: string): string | null {
  let text: string;
  try {
    text = `${decodeURIComponent(domain)}/${decodeURIComponent(vmta)}`;
  } catch {
    return null;
  }
  const key = parseQueueKey(text);
  return key ? formatQueueKey(key) : null;
}
