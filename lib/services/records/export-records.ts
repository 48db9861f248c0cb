import "server-only";

import { createDeliveryRecordRepository } from "../../db/delivery-record-repository";
import type { TRecordSearch } from "../../schemas/records";
import { recordsCsvStream } from "./records-csv";
import { filterOf } from "./search-records";

/** The search's records as a CSV stream (at most EXPORT_ROW_CAP rows), newest first. */
export function exportRecordsCsv(search: TRecordSearch): ReadableStream<Uint8Array> {
  return recordsCsvStream(filterOf(search), createDeliveryRecordRepository());
}
