/** The /feedback page: a validated search → one keyset page of f/rb/rs records and the counts per feedback type. */

import { createFeedbackRecordRepository, type FeedbackRecordDto, type FeedbackRecordRepository } from "@/lib/db/feedback-record-repository";
import { FEEDBACK_PAGE_SIZE, type TFeedbackPage, type TFeedbackRow, type TFeedbackSearch } from "@/lib/schemas/feedback";

function toRow(r: FeedbackRecordDto): TFeedbackRow {
  return {
    id: r.id,
    type: r.type,
    timeLogged: r.timeLogged.getTime(),
    format: r.format,
    feedbackType: r.feedbackType,
    rcpt: r.rcpt,
    orig: r.orig,
    reportingMta: r.reportingMta,
    repSourceIp: r.repSourceIp,
    dlvSourceIp: r.dlvSourceIp,
    jobId: r.jobId,
    dsnStatus: r.dsnStatus,
    dsnDiag: r.dsnDiag,
    bounceCat: r.bounceCat,
    subject: r.headers.header_Subject ?? "",
  };
}

export async function listFeedback(search: TFeedbackSearch, repo: Pick<FeedbackRecordRepository, "list" | "countsByFeedbackType"> = createFeedbackRecordRepository()): Promise<TFeedbackPage> {
  const filter = { types: search.type ? [search.type] : undefined, feedbackType: search.feedbackType, rcpt: search.rcpt, from: search.from, to: search.to };
  // One row more than a page tells whether there is an older page.
  const [rows, counts] = await Promise.all([repo.list(filter, { limit: FEEDBACK_PAGE_SIZE + 1, before: search.cursor }), repo.countsByFeedbackType({ from: search.from, to: search.to })]);
  const page = rows.slice(0, FEEDBACK_PAGE_SIZE);
  return { rows: page.map(toRow), nextCursor: rows.length > FEEDBACK_PAGE_SIZE ? page[page.length - 1].id : null, counts };
}
