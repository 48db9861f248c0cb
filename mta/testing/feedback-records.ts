/** A complete `f` record for tests of what consumes the processors' records (CSV files, the database). Test-only. */

import type { FeedbackRecord } from "../processors/feedback-record";

export function complaintRecord(over: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    type: "f",
    timeLogged: Date.UTC(2026, 10, 27, 10, 0, 0),
    format: "arf",
    feedbackType: "abuse",
    userAgent: "IspFbl/2.1",
    repSourceIp: "203.0.113.7",
    reportingMta: "mail.isp.test",
    reportedDomain: "news.hermod.test",
    orig: "bounces@news.hermod.test",
    rcpt: "alice@isp.test",
    orcpt: "",
    envId: "",
    jobId: "spring-sale",
    dlvSourceIp: "192.0.2.1",
    dsnAction: "",
    dsnStatus: "",
    dsnDiag: "",
    dsnMta: "",
    bounceCat: "",
    srcType: "smtp",
    srcMta: "isp.test (203.0.113.7)",
    headers: { "header_X-job": "spring-sale", header_Subject: "Spring, sale" },
    messageId: "m1",
    ...over,
  };
}
