/**
 * The accounting CSV dialect: RFC 4180 fields, PowerMTA 5.x column order and time format
 * (powermta.md §2). Pure functions, so the writer and any reader/test share one definition.
 */

import type { AcctRecordType } from "../config/types";
import type { FeedbackRecord } from "../processors/feedback-record";
import type { AcctRecord } from "./acct-record";

/**
 * Columns for d/b/t records: PowerMTA 5.x's default 23 in its order, then the opt-in TLS pair. New
 * columns may only ever be appended, so positional parsers written for PowerMTA keep working.
 */
export const ACCT_COLUMNS = [
  "type",
  "timeLogged",
  "timeQueued",
  "orig",
  "rcpt",
  "orcpt",
  "dsnAction",
  "dsnStatus",
  "dsnDiag",
  "dsnMta",
  "bounceCat",
  "srcType",
  "srcMta",
  "dlvType",
  "dlvSourceIp",
  "dlvDestinationIp",
  "dlvEsmtpAvailable",
  "dlvSize",
  "vmta",
  "jobId",
  "envId",
  "queue",
  "vmtaPool",
  "dlvTlsProtocol",
  "dlvTlsCipher",
] as const satisfies readonly (keyof AcctRecord)[];

export type AcctColumn = (typeof ACCT_COLUMNS)[number];

/** The header line, without line ending. */
export const ACCT_HEADER = ACCT_COLUMNS.join(",");

const TIME_COLUMNS: ReadonlySet<AcctColumn> = new Set(["timeLogged", "timeQueued"]);

/** `2019-02-08 21:54:05+0000` (PowerMTA `iso-times yes`), always UTC; empty for a missing time. */
export function acctTime(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+0000`;
}

/**
 * One RFC 4180 field. Quoted when it holds a comma, quote, CR or LF, or starts/ends with whitespace
 * (which some readers trim). Values are written as they are: this is a machine format, so formula-like
 * text (`=cmd()`) is not defused here; the console's CSV export does that.
 */
export function csvField(value: string): string {
  if (/[",\r\n]|^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** The headers of the reported message every f/rb/rs record carries (powermta.md §2.4-2.5). */
const REPORT_HEADERS = ["header_From", "header_Return-Path", "header_X-job", "header_Subject"] as const;

/** PowerMTA's default columns of the processors' records (powermta.md §2.4, §2.5). */
export const FEEDBACK_COLUMNS: Readonly<Record<"f" | "rb" | "rs", readonly string[]>> = {
  f: ["type", "timeLogged", "repSourceIp", "feedbackType", "format", "userAgent", "envId", "orig", "rcpt", "reportingMta", "dlvSourceIp", "reportedDomain", ...REPORT_HEADERS],
  rb: ["type", "timeLogged", "orig", "rcpt", "orcpt", "dsnStatus", "dsnDiag", "dsnMta", "dsnReportingMta", "bounceCat", "srcType", "srcMta", "envId", "format", ...REPORT_HEADERS],
  rs: ["type", "timeLogged", "orig", "rcpt", "orcpt", "dsnAction", "dsnStatus", "dsnDiag", "dsnMta", "bounceCat", "srcType", "srcMta", "envId", "format", ...REPORT_HEADERS],
};

/** A record an `<acct-file>` can receive: a delivery outcome, or one a processor wrote. */
export type CsvRecord = AcctRecord | FeedbackRecord;

/**
 * The columns of a file receiving `types`: PowerMTA's union of each type's columns, in order. A file of
 * delivery records only (d, b, t …) has exactly ACCT_COLUMNS, as before the processors existed.
 */
export function columnsFor(types: Iterable<AcctRecordType>): readonly string[] {
  const selected = new Set(types);
  const groups: (readonly string[])[] = [];
  if ([...selected].some((t) => t !== "f" && t !== "rb" && t !== "rs")) groups.push(ACCT_COLUMNS);
  for (const t of ["f", "rb", "rs"] as const) if (selected.has(t)) groups.push(FEEDBACK_COLUMNS[t]);
  if (groups.length <= 1) return groups[0] ?? ACCT_COLUMNS;
  const out: string[] = [];
  for (const g of groups) for (const c of g) if (!out.includes(c)) out.push(c);
  return out;
}

function feedbackCell(record: FeedbackRecord, column: string): string {
  if (column.startsWith("header_")) return record.headers[column] ?? "";
  if (column === "dsnReportingMta") return record.reportingMta;
  if (column === "timeLogged") return acctTime(record.timeLogged);
  const value = (record as unknown as Record<string, unknown>)[column];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** One record as a CSV line in the given columns (columnsFor); columns it does not have are empty. */
export function csvLine(record: CsvRecord, columns: readonly string[]): string {
  if (columns === ACCT_COLUMNS && "timeQueued" in record) return acctCsvLine(record);
  const cells = columns.map((column) => {
    if ("headers" in record) return csvField(feedbackCell(record, column));
    if (TIME_COLUMNS.has(column as AcctColumn)) return acctTime(record[column as "timeLogged" | "timeQueued"]);
    const value = (record as unknown as Record<string, unknown>)[column];
    return csvField(value === undefined || value === null ? "" : String(value));
  });
  return `${cells.join(",")}\r\n`;
}

/** One record as a CSV line, CRLF-terminated (RFC 4180 §2). */
export function acctCsvLine(record: AcctRecord): string {
  const cells = ACCT_COLUMNS.map((column) => {
    const value = record[column];
    if (TIME_COLUMNS.has(column)) return acctTime(value as number);
    return csvField(value === undefined || value === null ? "" : String(value));
  });
  return `${cells.join(",")}\r\n`;
}

/**
 * Splits RFC 4180 text into rows of fields. Used by tests and tools reading back our files; accepts CRLF
 * or LF row ends and quoted fields spanning lines.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += ch;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
