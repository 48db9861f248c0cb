/**
 * The /feedback page's search: query-string parameters in, a FeedbackRecord filter out. Unknown
 * parameters and malformed values are refused with a message per field, as on /records.
 */

import { z } from "zod";
import { optional, time } from "./records";

export const FEEDBACK_TYPES = ["f", "rb", "rs"] as const;
export type TFeedbackType = (typeof FEEDBACK_TYPES)[number];

/** Rows per page. */
export const FEEDBACK_PAGE_SIZE = 50;

export const ZFeedbackSearch = z
  .strictObject({
    type: optional(z.enum(FEEDBACK_TYPES, { error: "Type is f (complaint), rb (remote bounce) or rs (remote status)." })),
    feedbackType: optional(z.string().trim().toLowerCase().max(100, "At most 100 characters.")),
    rcpt: optional(z.string().trim().max(320, "At most 320 characters.")),
    from: optional(time),
    to: optional(time),
    cursor: optional(z.coerce.number({ error: "The cursor is a record id." }).int().positive("The cursor is a record id.")),
  })
  .refine((s) => s.from === undefined || s.to === undefined || s.from < s.to, { message: "From must be before To.", path: ["to"] });

export type TFeedbackSearch = z.output<typeof ZFeedbackSearch>;

/** One record as the page shows it: time as epoch ms, the header_/arf_ fields as a list. */
export interface TFeedbackRow {
  id: number;
  type: TFeedbackType;
  timeLogged: number;
  format: string;
  feedbackType: string;
  rcpt: string;
  orig: string;
  reportingMta: string;
  repSourceIp: string;
  dlvSourceIp: string;
  jobId: string;
  dsnStatus: string;
  dsnDiag: string;
  bounceCat: string;
  subject: string;
}

export interface TFeedbackPage {
  rows: TFeedbackRow[];
  nextCursor: number | null;
  /** `f` records per feedback type in the searched time range. */
  counts: { feedbackType: string; count: number }[];
}
