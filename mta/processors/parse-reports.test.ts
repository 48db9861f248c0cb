import { describe, expect, it } from "vitest";
import { ARF, ARF_HEADERS_ONLY, crlf, DSN, JMRP, NOT_A_REPORT, XARF } from "../testing/report-samples";
import { headerValue, parseMime } from "./mime";
import { parseArf, parseJmrp } from "./parse-arf";
import { parseDsn } from "./parse-dsn";
import { parseXarf } from "./parse-xarf";

const parse = (text: string) => parseMime(crlf(text));
const returned = (headers: { name: string; value: string }[], name: string) => headerValue({ headers }, name);

describe("ARF (RFC 5965)", () => {
  it("reads the feedback fields, every Original-Rcpt-To and the returned message's headers", () => {
    const r = parseArf(parse(ARF))!;
    expect(r).toMatchObject({
      format: "arf",
      feedbackType: "abuse",
      userAgent: "IspFbl/2.1",
      orig: "bounces@news.hermod.test",
      recipients: ["Alice@isp.test", "bob@isp.test"],
      reportingMta: "mail.isp.test",
      sourceIp: "192.0.2.1",
      reportedDomain: "news.hermod.test",
    });
    expect(r.fields.get("reported-uri")).toEqual(["http://news.hermod.test/unsubscribe", "mailto:unsub@news.hermod.test"]);
    expect(r.fields.get("authentication-results")).toEqual(["mail.isp.test; spf=pass smtp.mail=bounces@news.hermod.test"]);
    expect(returned(r.returned, "x-job")).toBe("spring-sale");
    expect(returned(r.returned, "subject")).toBe("Spring sale");
    expect(returned(r.returned, "message-id")).toBe("<8787KJKJ3K4J3K4J3K4J3.mail@news.hermod.test>");
  });

  it("reads text/rfc822-headers, a quoted report-type, and LF line endings", () => {
    const r = parseArf(parseMime(Buffer.from(ARF_HEADERS_ONLY)))!;
    expect(r).toMatchObject({ feedbackType: "fraud", recipients: [], orig: "bounces@hermod.test", sourceIp: "192.0.2.9" });
    expect(returned(r.returned, "x-job")).toBe("orders");
  });

  it("is not fooled by a multipart/report without a feedback-report part, or by other mail", () => {
    expect(parseArf(parse(NOT_A_REPORT))).toBeNull();
    expect(parseArf(parse(JMRP))).toBeNull();
    expect(parseArf(parse(DSN))).toBeNull();
    expect(parseArf(parseMime(Buffer.from("garbage without headers")))).toBeNull();
  });
});

describe("Hotmail JMRP", () => {
  it("takes the complainant from X-HmXmrOriginalRecipient of the attached message", () => {
    const r = parseJmrp(parse(JMRP))!;
    expect(r).toMatchObject({ format: "jmrp", feedbackType: "abuse", recipients: ["dave@outlook.test"], orig: "bounces@news.hermod.test" });
    expect(returned(r.returned, "x-job")).toBe("weekly-48");
  });

  it("finds nothing in an ARF report or a plain mail", () => {
    expect(parseJmrp(parse(ARF))).toBeNull();
    expect(parseJmrp(parse(NOT_A_REPORT))).toBeNull();
  });
});

describe("XARF v4", () => {
  it("reads category/type, the source and the evidence message's headers", () => {
    const r = parseXarf(parse(XARF))!;
    expect(r).toMatchObject({ format: "xarf", feedbackType: "messaging:spam", userAgent: "Example Anti-Spam", sourceIp: "192.0.2.1", recipients: ["erin@spamtrap.test"], orig: "bounces@news.hermod.test" });
    expect(returned(r.returned, "x-job")).toBe("prize-1");
    expect(r.fields.get("report_id")).toEqual(["a1b2c3d4"]);
  });

  it("reads the v4 draft shape (Report.ReportClass / ReportType / Samples)", () => {
    const draft = JSON.stringify({
      Version: "4",
      ReporterInfo: { ReporterOrg: "Old Reporter", ReporterOrgDomain: "old.test" },
      Report: { ReportClass: "Activity", ReportType: "Spam", SourceType: "ipv4", Source: { Value: "192.0.2.3" }, SmtpRcptToAddress: "hal@old.test", Samples: [] },
    });
    const r = parseXarf(parse(`Content-Type: application/json\n\n${draft}\n`))!;
    expect(r).toMatchObject({ feedbackType: "activity:spam", sourceIp: "192.0.2.3", recipients: ["hal@old.test"], userAgent: "Old Reporter" });
  });

  it("ignores JSON that is not XARF and JSON that does not parse", () => {
    expect(parseXarf(parse('Content-Type: application/json\n\n{"hello":"world"}\n'))).toBeNull();
    expect(parseXarf(parse('Content-Type: application/json\n\n{"xarf_version": "4.0.0", broken\n'))).toBeNull();
  });
});

describe("DSN (RFC 3464)", () => {
  it("reads one entry per recipient group with action, status, diagnostic and remote MTA", () => {
    const r = parseDsn(parse(DSN))!;
    expect(r).toMatchObject({ format: "dsn", reportingMta: "mx.remote.test", envId: "env-42" });
    expect(r.recipients).toEqual([
      {
        rcpt: "frank@remote.test",
        orcpt: "rfc822;Frank@remote.test",
        action: "failed",
        status: "5.1.1",
        diagnostic: "smtp; 550 5.1.1 <frank@remote.test>: Recipient address rejected: User unknown in local recipient table",
        remoteMta: "inbox.remote.test",
      },
      { rcpt: "gina@remote.test", orcpt: "", action: "delayed", status: "4.4.1", diagnostic: "smtp; 421 4.4.1 connection timed out", remoteMta: "" },
    ]);
    expect(returned(r.returned, "x-job")).toBe("invoices-11");
  });

  it("skips malformed recipient groups and rejects a report with none left", () => {
    const bad = DSN.replace("Action: failed", "Action: exploded").replace("Status: 4.4.1", "Status: soon");
    expect(parseDsn(parse(bad))).toBeNull();
    expect(parseDsn(parse(ARF))).toBeNull();
  });

  it("survives a truncated report (no closing boundary)", () => {
    const cut = DSN.slice(0, DSN.indexOf("Final-Recipient: rfc822; gina"));
    const r = parseDsn(parse(cut))!;
    expect(r.recipients.map((x) => x.rcpt)).toEqual(["frank@remote.test"]);
  });
});
