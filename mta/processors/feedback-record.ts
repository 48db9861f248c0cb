/**
 * `f`, `rb` and `rs` accounting records (powermta.md §2.4, §2.5): one per reported recipient, built
 * from a parsed report and the envelope it arrived with. `headers` holds the `header_<Name>` fields
 * (From, Return-Path, X-job, Subject, Message-ID of the returned message) and, for `f`, every ARF
 * field as `arf_<name>` (repeated fields as one CSV-encoded list).
 */

import { classifyBounce, type BounceRule } from "../bounce/classify";
import { dsnStatusText } from "../bounce/status-text";
import { csvField } from "../records/acct-csv-format";
import type { Envelope } from "../spool/spool";
import { headerValue, type HeaderField } from "./mime";
import type { Complaint, RemoteBounce } from "./reports";

export type FeedbackRecordType = "f" | "rb" | "rs";

export interface FeedbackRecord {
  type: FeedbackRecordType;
  /** Epoch ms the record was written. */
  timeLogged: number;
  /** `arf`, `jmrp`, `xarf` or `dsn`. */
  format: string;
  feedbackType: string;
  userAgent: string;
  /** The address that sent us the report. */
  repSourceIp: string;
  /** Reporting-MTA of the report. */
  reportingMta: string;
  reportedDomain: string;
  /** f: the reported mail's sender; rb/rs: the report's envelope recipient (our bounce address). */
  orig: string;
  /** The complainant (f) or the recipient that bounced (rb/rs). */
  rcpt: string;
  orcpt: string;
  envId: string;
  jobId: string;
  /** f: the IP the reported mail was sent from (ARF Source-IP). */
  dlvSourceIp: string;
  /** rs only: delayed, relayed, expanded, delivered. */
  dsnAction: string;
  dsnStatus: string;
  dsnDiag: string;
  dsnMta: string;
  bounceCat: string;
  srcType: Envelope["source"]["type"];
  /** The report's sender as `helo (ip)`. */
  srcMta: string;
  /** `header_<Name>` and `arf_<name>` fields (and, on the way to the database, an rs record's `dsnAction`). */
  headers: Record<string, string>;
  /** Spool id of the report. */
  messageId: string;
}

/** The returned message's headers every `f`/`rb` record carries by default (PowerMTA's list, plus Message-ID). */
export const RECORD_HEADERS = ["From", "Return-Path", "X-job", "Subject", "Message-ID"] as const;

/** How records find our mail in the returned headers: the `jobid-header` names in use (default X-Job). */
export interface MatchHeaders {
  jobIdHeaders: readonly string[];
}

const DEFAULT_MATCH: MatchHeaders = { jobIdHeaders: ["X-Job"] };

export function complaintRecords(report: Complaint, env: Envelope, now: number, match: MatchHeaders = DEFAULT_MATCH): FeedbackRecord[] {
  const headers = returnedFields(report.returned);
  for (const [name, values] of report.fields) headers[`arf_${name}`] = values.length === 1 ? values[0] : values.map(csvField).join(",");
  const base = {
    ...common(env, now, report.returned, match),
    type: "f" as const,
    format: report.format,
    feedbackType: report.feedbackType,
    userAgent: report.userAgent,
    reportingMta: report.reportingMta,
    reportedDomain: report.reportedDomain,
    orig: report.orig,
    dlvSourceIp: report.sourceIp,
    headers,
  };
  const rcpts = report.recipients.length > 0 ? report.recipients : [""];
  return rcpts.map((rcpt) => ({ ...base, rcpt, headers: { ...headers } }));
}

export function bounceRecords(report: RemoteBounce, env: Envelope, processorAddress: string, rules: readonly BounceRule[], now: number, match: MatchHeaders = DEFAULT_MATCH): FeedbackRecord[] {
  const headers = returnedFields(report.returned);
  const base = common(env, now, report.returned, match);
  return report.recipients.map((r) => {
    const failed = r.action === "failed";
    const text = r.diagnostic.replace(/^\s*smtp\s*;\s*/i, "") || r.status;
    return {
      ...base,
      type: failed ? ("rb" as const) : ("rs" as const),
      format: report.format,
      feedbackType: "",
      userAgent: "",
      reportingMta: report.reportingMta,
      reportedDomain: "",
      orig: processorAddress,
      rcpt: r.rcpt,
      orcpt: r.orcpt,
      envId: report.envId || base.envId,
      dlvSourceIp: "",
      dsnAction: failed ? "" : r.action,
      dsnStatus: dsnStatusText(r.status),
      dsnDiag: r.diagnostic,
      dsnMta: r.remoteMta,
      bounceCat: failed ? classifyBounce(text, rules, r.status) : "",
      headers: { ...headers },
    };
  });
}

type Common = Pick<FeedbackRecord, "timeLogged" | "repSourceIp" | "orcpt" | "envId" | "jobId" | "dsnAction" | "dsnStatus" | "dsnDiag" | "dsnMta" | "bounceCat" | "srcType" | "srcMta" | "messageId">;

function common(env: Envelope, now: number, returned: HeaderField[], match: MatchHeaders): Common {
  const jobId = match.jobIdHeaders.map((name) => headerValue({ headers: returned }, name)).find((v) => v !== undefined && v !== "") ?? "";
  const envId = headerValue({ headers: returned }, "x-envid") ?? "";
  return {
    timeLogged: now,
    repSourceIp: env.source.ip,
    orcpt: "",
    envId,
    jobId,
    dsnAction: "",
    dsnStatus: "",
    dsnDiag: "",
    dsnMta: "",
    bounceCat: "",
    srcType: env.source.type,
    srcMta: `${env.source.helo} (${env.source.ip})`,
    messageId: env.id,
  };
}

function returnedFields(returned: HeaderField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORD_HEADERS) {
    const value = headerValue({ headers: returned }, name);
    if (value !== undefined) out[`header_${name}`] = value;
  }
  return out;
}
