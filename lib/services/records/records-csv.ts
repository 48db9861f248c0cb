/**
 * CSV export of an accounting search, in PowerMTA's accounting columns (powermta.md §2, the same
 * order and names as mta/records' CSV writer, plus Hermod's messageId last), streamed a keyset page
 * at a time so a large export never sits in memory. Cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR first) are prefixed with ' (OWASP CSV injection).
 */

import { ACCT_COLUMNS, acctTime, csvField } from "@/mta/index";
import type { DeliveryRecordDto, DeliveryRecordFilter } from "../../db/delivery-record-repository";
import type { RecordReader } from "./search-records";

export const EXPORT_COLUMNS = [...ACCT_COLUMNS, "messageId"] as const satisfies readonly (keyof DeliveryRecordDto)[];

/** Most rows one export writes. */
export const EXPORT_ROW_CAP = 1_000_000;
/** Rows read per query. */
export const EXPORT_BATCH = 2_000;

/** An RFC 4180 field (mta's writer), with formula-like text defused for spreadsheets. */
export function csvCell(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function csvLine(r: DeliveryRecordDto): string {
  return `${EXPORT_COLUMNS.map((c) => (c === "timeLogged" || c === "timeQueued" ? acctTime(r[c]) : csvCell(String(r[c] ?? "")))).join(",")}\r\n`;
}

/**
 * The search's records, newest first, as CSV: the header, then at most `cap` rows. Each pull reads
 * one batch, so the client's pace sets the database's.
 */
export function recordsCsvStream(filter: DeliveryRecordFilter, repo: Pick<RecordReader, "search">, cap = EXPORT_ROW_CAP, batch = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeId: number | undefined;
  let written = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${EXPORT_COLUMNS.join(",")}\r\n`));
        return;
      }
      const limit = Math.min(batch, cap - written);
      const rows = limit > 0 ? await repo.search(filter, { limit, beforeId }) : [];
      if (rows.length === 0) {
        controller.close();
        return;
      }
      written += rows.length;
      beforeId = rows[rows.length - 1].id;
      controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      if (rows.length < limit || written >= cap) controller.close();
    },
  });
}
