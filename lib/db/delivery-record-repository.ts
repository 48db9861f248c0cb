/**
 * Accounting records (one per delivery attempt outcome). Written in batches by the engine's RecordSink
 * (lib/db/mta-adapters.ts), read by the console. Times are epoch ms in the engine and DateTime here.
 */

import type { AcctRecord, DeliveryRecordType } from "@/mta/index";
import { getDb, type Db } from "./client";

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

export function createDeliveryRecordRepository(db: Db = getDb()) {
  return {
    /** Inserts one batch in a single statement; returns the number of rows written. */
    async insertMany(records: readonly AcctRecord[]): Promise<number> {
      if (records.length === 0) return 0;
      const { count } = await db.deliveryRecord.createMany({
        data: records.map((r) => ({ ...r, timeLogged: new Date(r.timeLogged), timeQueued: new Date(r.timeQueued) })),
      });
      return count;
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

    count(): Promise<number> {
      return db.deliveryRecord.count();
    },
  };
}

export type DeliveryRecordRepository = ReturnType<typeof createDeliveryRecordRepository>;
