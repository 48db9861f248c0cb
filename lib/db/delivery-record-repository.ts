/**
 * Accounting records (one per delivery attempt outcome). Written in batches by the engine's RecordSink
 * (lib/db/mta-adapters.ts), read by the console. Times are epoch ms in the engine and DateTime here.
 */

import { Prisma } from "@/generated/prisma/client";
import type { AcctRecord, DeliveryRecordType } from "@/mta/index";
import { getDb, type Db } from "./client";

/** Every AcctRecord field, in the order of the multi-row INSERT below. */
const COLUMNS = [
  "type", "timeLogged", "timeQueued", "orig", "rcpt", "orcpt", "dsnAction", "dsnStatus", "dsnDiag", "dsnMta",
  "bounceCat", "srcType", "srcMta", "dlvType", "dlvSourceIp", "dlvDestinationIp", "dlvEsmtpAvailable", "dlvSize",
  "vmta", "jobId", "envId", "queue", "vmtaPool", "dlvTlsProtocol", "dlvTlsCipher", "messageId",
] as const satisfies readonly (keyof AcctRecord)[];
const COLUMN_LIST = Prisma.raw(COLUMNS.map((c) => `"${c}"`).join(", "));

export type DeliveryRecordDto = AcctRecord & { id: number };

type Row = Omit<AcctRecord, "timeLogged" | "timeQueued" | "type"> & {
  id: number;
  type: string;
  timeLogged: Date;
  timeQueued: Date;
};

const TYPES: readonly string[] = ["d", "b", "t"] satisfies DeliveryRecordType[];

function toDto(row: Row): DeliveryRecordDto {
  if (!TYPES.includes(row.type)) throw new Error(`Delivery record ${row.id} has an unknown type "${row.type}"`);
  return {
    ...row,
    type: row.type as DeliveryRecordType,
    dsnAction: row.dsnAction as AcctRecord["dsnAction"],
    srcType: row.srcType as AcctRecord["srcType"],
    dlvType: row.dlvType as AcctRecord["dlvType"],
    timeLogged: row.timeLogged.getTime(),
    timeQueued: row.timeQueued.getTime(),
  };
}

/**
 * What the accounting explorer searches by. Every field is optional; those given must all match.
 * Each equality filter has an index of its own, and `domain` is a range on the `queue` column
 * (`domain/vmta` starts with the recipient domain), so every search walks an index newest first.
 */
export interface DeliveryRecordFilter {
  rcpt?: string;
  orig?: string;
  jobId?: string;
  vmta?: string;
  /** Recipient domain, lower-case: matches queues `domain` and `domain/<any vmta>`. */
  domain?: string;
  /** Exact queue `domain/vmta`. */
  queue?: string;
  bounceCat?: string;
  types?: readonly DeliveryRecordType[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/**
 * `queue` values of a domain: `domain/<vmta>` (records always name the VirtualMTA). '0' is the
 * character after '/', so this range is one seek on the `queue` index, unlike `rcpt LIKE '%@domain'`,
 * which reads every row. It relies on byte-order (C) collation: SQLite's, and PostgreSQL's with a
 * C or C.UTF-8 database (the default here).
 */
function domainRange(domain: string) {
  return { gte: `${domain}/`, lt: `${domain}0` };
}

/** How often a SQLite search refreshes the planner's statistics of DeliveryRecord. */
const STATISTICS_TTL_MS = 3_600_000;
/** Rows ANALYZE samples per index: approximate statistics in milliseconds, even on millions of rows. */
const ANALYSIS_LIMIT = 1_000;
const analyzedAt = new WeakMap<Db, number | "postgresql">();

/**
 * Keeps SQLite's planner statistics (sqlite_stat1) fresh enough to choose between the single-column
 * indexes: without them it guesses, and on 1,000,000 rows a guess cost 0.5–1 s where the right index
 * answers in milliseconds (records-search-bench.ts). An approximate ANALYZE (analysis_limit), at most
 * once an hour per process. PostgreSQL's autovacuum keeps its own statistics.
 */
async function freshStatistics(db: Db, now = Date.now()): Promise<void> {
  const last = analyzedAt.get(db);
  if (last === "postgresql" || (last !== undefined && now - last < STATISTICS_TTL_MS)) return;
  analyzedAt.set(db, now);
  try {
    await db.$queryRawUnsafe("SELECT sqlite_version()");
  } catch {
    analyzedAt.set(db, "postgresql");
    return;
  }
  await db.$queryRawUnsafe(`PRAGMA analysis_limit=${ANALYSIS_LIMIT}`);
  await db.$executeRawUnsafe(`ANALYZE "DeliveryRecord"`);
}

function whereOf(f: DeliveryRecordFilter, beforeId?: number) {
  const timeLogged = f.from !== undefined || f.to !== undefined ? { gte: f.from !== undefined ? new Date(f.from) : undefined, lt: f.to !== undefined ? new Date(f.to) : undefined } : undefined;
  return {
    rcpt: f.rcpt,
    orig: f.orig,
    jobId: f.jobId,
    vmta: f.vmta,
    queue: f.queue ?? (f.domain !== undefined ? domainRange(f.domain) : undefined),
    bounceCat: f.bounceCat,
    type: f.types && f.types.length > 0 ? { in: [...f.types] } : undefined,
    timeLogged,
    id: beforeId !== undefined ? { lt: beforeId } : undefined,
  };
}

export function createDeliveryRecordRepository(db: Db = getDb()) {
  return {
    /**
     * Inserts one batch in a single parameterised statement; returns the number of rows written.
     * Raw SQL through Prisma rather than createMany: the query compiler's per-field work on
     * createMany was the largest CPU cost of a relaying Hermod (a third of its profile).
     */
    async insertMany(records: readonly AcctRecord[]): Promise<number> {
      if (records.length === 0) return 0;
      const rows = records.map((r) =>
        Prisma.sql`(${Prisma.join(COLUMNS.map((c) => (c === "timeLogged" || c === "timeQueued" ? new Date(r[c]) : r[c])))})`,
      );
      return db.$executeRaw`INSERT INTO "DeliveryRecord" (${COLUMN_LIST}) VALUES ${Prisma.join(rows)}`;
    },

    /** Newest first, optionally filtered by type and queue. */
    async recent(options: { limit: number; type?: DeliveryRecordType; queue?: string }): Promise<DeliveryRecordDto[]> {
      const rows = await db.deliveryRecord.findMany({
        where: { type: options.type, queue: options.queue },
        orderBy: [{ timeLogged: "desc" }, { id: "desc" }],
        take: options.limit,
      });
      return (rows as Row[]).map(toDto);
    },

    /**
     * Keyset page of a search, newest (highest id) first: rows with id < `beforeId`, at most `limit`.
     * Ordered by id alone so the database walks an index backwards and stops after `limit` rows,
     * whatever the table's size.
     */
    async search(filter: DeliveryRecordFilter, options: { limit: number; beforeId?: number }): Promise<DeliveryRecordDto[]> {
      await freshStatistics(db);
      const rows = await db.deliveryRecord.findMany({ where: whereOf(filter, options.beforeId), orderBy: { id: "desc" }, take: options.limit });
      return (rows as Row[]).map(toDto);
    },

    /** Refreshes SQLite's planner statistics now (a no-op on PostgreSQL); searches do it hourly. */
    analyze: () => (analyzedAt.delete(db), freshStatistics(db)),

    /** Every record of one message (each attempt, each recipient), in the order written. */
    async ofMessage(messageId: string, limit: number): Promise<DeliveryRecordDto[]> {
      const rows = await db.deliveryRecord.findMany({ where: { messageId }, orderBy: { id: "asc" }, take: limit });
      return (rows as Row[]).map(toDto);
    },

    count(): Promise<number> {
      return db.deliveryRecord.count();
    },
  };
}

export type DeliveryRecordRepository = ReturnType<typeof createDeliveryRecordRepository>;
