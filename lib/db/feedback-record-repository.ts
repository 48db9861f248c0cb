/**
 * `f`, `rb` and `rs` records from the processors (FeedbackRecord in the schema). Written in batches by
 * the feedback service (lib/services/feedback/feedback-service.ts), read by the /feedback page newest
 * first with cursor paging.
 */

import type { FeedbackRecord, FeedbackRecordType } from "@/mta/index";
import { getDb, type Db } from "./client";

/** A stored record: the engine's fields the table keeps, the time as a Date and the header fields as an object. */
export type FeedbackRecordDto = Omit<FeedbackRecord, "type" | "timeLogged" | "dsnAction" | "srcType" | "srcMta" | "messageId"> & {
  id: number;
  type: FeedbackRecordType;
  timeLogged: Date;
};

export interface FeedbackRecordFilter {
  types?: readonly FeedbackRecordType[];
  feedbackType?: string;
  /** Exact recipient (compared as given and lower-cased). */
  rcpt?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

const TYPES: ReadonlySet<string> = new Set(["f", "rb", "rs"]);

/** Stored `headers` JSON back to an object; anything else is an empty object. */
function parseHeaders(raw: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  } catch {
    return {};
  }
}

function whereOf(filter: FeedbackRecordFilter) {
  return {
    ...(filter.types && filter.types.length > 0 ? { type: { in: [...filter.types] } } : {}),
    ...(filter.feedbackType ? { feedbackType: filter.feedbackType } : {}),
    ...(filter.rcpt ? { rcpt: { in: [...new Set([filter.rcpt, filter.rcpt.toLowerCase()])] } } : {}),
    ...(filter.from !== undefined || filter.to !== undefined
      ? { timeLogged: { ...(filter.from !== undefined ? { gte: new Date(filter.from) } : {}), ...(filter.to !== undefined ? { lt: new Date(filter.to) } : {}) } }
      : {}),
  };
}

export function createFeedbackRecordRepository(db: Db = getDb()) {
  return {
    async insertMany(records: readonly FeedbackRecord[]): Promise<number> {
      if (records.length === 0) return 0;
      const r = await db.feedbackRecord.createMany({
        data: records.map((x) => ({
          type: x.type,
          timeLogged: new Date(x.timeLogged),
          format: x.format,
          feedbackType: x.feedbackType,
          userAgent: x.userAgent,
          repSourceIp: x.repSourceIp,
          reportingMta: x.reportingMta,
          reportedDomain: x.reportedDomain,
          orig: x.orig,
          rcpt: x.rcpt,
          orcpt: x.orcpt,
          envId: x.envId,
          jobId: x.jobId,
          dlvSourceIp: x.dlvSourceIp,
          dsnStatus: x.dsnStatus,
          dsnDiag: x.dsnDiag,
          dsnMta: x.dsnMta,
          bounceCat: x.bounceCat,
          // The table has no dsnAction column: an rs record's action (delayed, relayed…) rides in `headers`.
          headers: JSON.stringify(x.dsnAction ? { ...x.headers, dsnAction: x.dsnAction } : x.headers),
        })),
      });
      return r.count;
    },

    /** Newest first; `before` is the id of the last row of the previous page. */
    async list(filter: FeedbackRecordFilter, page: { limit: number; before?: number }): Promise<FeedbackRecordDto[]> {
      const rows = await db.feedbackRecord.findMany({
        where: { ...whereOf(filter), ...(page.before !== undefined ? { id: { lt: page.before } } : {}) },
        orderBy: { id: "desc" },
        take: page.limit,
      });
      return rows
        .filter((r) => TYPES.has(r.type))
        .map((r) => ({ ...r, type: r.type as FeedbackRecordType, headers: parseHeaders(r.headers) }));
    },

    /** `f` records per feedback type within the filter's time range, most frequent first. */
    async countsByFeedbackType(filter: Pick<FeedbackRecordFilter, "from" | "to">): Promise<{ feedbackType: string; count: number }[]> {
      const groups = await db.feedbackRecord.groupBy({
        by: ["feedbackType"],
        where: { ...whereOf(filter), type: "f" },
        _count: { _all: true },
      });
      return groups.map((g) => ({ feedbackType: g.feedbackType, count: g._count._all })).sort((a, b) => b.count - a.count || a.feedbackType.localeCompare(b.feedbackType));
    },
  };
}

export type FeedbackRecordRepository = ReturnType<typeof createFeedbackRecordRepository>;
