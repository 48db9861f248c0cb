/**
 * The engine's ports implemented on top of the repositories. The engine calls these off its
 * per-message path (mta/ports.ts); nothing here may be awaited by an SMTP transaction.
 */

import type { AcctRecord, RecordSink } from "@/mta/index";
import { createDeliveryRecordRepository, type DeliveryRecordRepository } from "./delivery-record-repository";

/** The engine sends at most this many records per call; larger inputs are split to keep statements bounded. */
export const RECORD_BATCH_LIMIT = 500;

/**
 * Writes accounting records with one createMany per chunk. A rejection makes the engine retry the
 * whole batch, so chunks are written in one transaction-free pass: a retry after a partial failure may
 * duplicate rows of the chunks that did succeed, which is why batches stay at ≤ 500 (one chunk).
 */
export function createRecordSink(repo: Pick<DeliveryRecordRepository, "insertMany"> = createDeliveryRecordRepository()): RecordSink {
  return {
    async write(records: readonly AcctRecord[]): Promise<void> {
      for (let i = 0; i < records.length; i += RECORD_BATCH_LIMIT) {
        await repo.insertMany(records.slice(i, i + RECORD_BATCH_LIMIT));
      }
    },
  };
}
