/**
 * The accounting explorer's search: a validated search → one keyset page of records, newest first.
 * The page holds RECORDS_PAGE_SIZE rows; `nextCursor` is the id to continue below, null at the end.
 */

import { createDeliveryRecordRepository, type DeliveryRecordDto, type DeliveryRecordFilter, type DeliveryRecordRepository } from "../../db/delivery-record-repository";
import { RECORDS_PAGE_SIZE, type TRecordRow, type TRecordSearch } from "../../schemas/records";

export type RecordReader = Pick<DeliveryRecordRepository, "search" | "ofMessage">;

export interface TRecordPage {
  rows: TRecordRow[];
  nextCursor: number | null;
}

export function filterOf(s: TRecordSearch): DeliveryRecordFilter {
  return { rcpt: s.rcpt, orig: s.orig, jobId: s.jobId, vmta: s.vmta, domain: s.domain, bounceCat: s.category, types: s.type, from: s.from, to: s.to };
}

export function toRecordRow(r: DeliveryRecordDto): TRecordRow {
  return {
    id: r.id,
    type: r.type,
    timeLogged: r.timeLogged,
    timeQueued: r.timeQueued,
    orig: r.orig,
    rcpt: r.rcpt,
    dsnAction: r.dsnAction,
    dsnStatus: r.dsnStatus,
    dsnDiag: r.dsnDiag,
    dsnMta: r.dsnMta,
    bounceCat: r.bounceCat,
    dlvSourceIp: r.dlvSourceIp,
    dlvDestinationIp: r.dlvDestinationIp,
    dlvTlsProtocol: r.dlvTlsProtocol,
    dlvTlsCipher: r.dlvTlsCipher,
    vmta: r.vmta,
    jobId: r.jobId,
    queue: r.queue,
    messageId: r.messageId,
  };
}

export async function searchRecords(search: TRecordSearch, repo: RecordReader = createDeliveryRecordRepository(), pageSize = RECORDS_PAGE_SIZE): Promise<TRecordPage> {
  // One row more than the page says whether there is a next page without a COUNT.
  const rows = await repo.search(filterOf(search), { limit: pageSize + 1, beforeId: search.cursor });
  const page = rows.slice(0, pageSize).map(toRecordRow);
  return { rows: page, nextCursor: rows.length > pageSize ? page[page.length - 1].id : null };
}

/** Most records one message's timeline shows (recipients × attempts). */
export const TIMELINE_LIMIT = 2_000;

/** Every record of one message, oldest first: each attempt with its reply. */
export async function messageTimeline(messageId: string, repo: RecordReader = createDeliveryRecordRepository()): Promise<TRecordRow[]> {
  return (await repo.ofMessage(messageId, TIMELINE_LIMIT)).map(toRecordRow);
}
