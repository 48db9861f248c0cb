import { describe, expect, it } from "vitest";
import { compileOk } from "../config/test-helpers";
import type { Envelope } from "../spool/spool";
import { ARF, crlf, DSN } from "../testing/report-samples";
import { bounceRecords, complaintRecords } from "./feedback-record";
import { parseMime } from "./mime";
import { parseArf } from "./parse-arf";
import { parseDsn } from "./parse-dsn";
import { matchHeadersOf } from "./processor-intake";

const env: Envelope = { id: "r1", receivedAt: 0, mailFrom: "fbl@isp.test", recipients: [{ address: "fbl@hermod.test" }], source: { ip: "203.0.113.7", helo: "isp.test", type: "smtp" }, size: 1 };

describe("f and rb records", () => {
  it("take the job id from any jobid-header the sources use", () => {
    const config = compileOk("<source 10/8>\n  jobid-header X-Campaign\n</source>");
    expect(matchHeadersOf(config).jobIdHeaders).toEqual(["X-Job", "X-Campaign"]);
    const arf = parseArf(parseMime(crlf(ARF.replace("X-job: spring-sale", "X-Campaign: autumn"))))!;
    expect(complaintRecords(arf, env, 5).map((r) => r.jobId)).toEqual(["", ""]);
    expect(complaintRecords(arf, env, 5, matchHeadersOf(config)).map((r) => r.jobId)).toEqual(["autumn", "autumn"]);
  });

  it("keep repeated ARF fields as one CSV list, and classify only failed recipients", () => {
    const [f] = complaintRecords(parseArf(parseMime(crlf(ARF)))!, env, 5);
    expect(f.headers["arf_original-rcpt-to"]).toBe("<Alice@isp.test>,<bob@isp.test>");
    expect(f).toMatchObject({ timeLogged: 5, srcMta: "isp.test (203.0.113.7)", messageId: "r1", "headers": expect.objectContaining({ "header_Message-ID": "<8787KJKJ3K4J3K4J3K4J3.mail@news.hermod.test>" }) });
    const [rb, rs] = bounceRecords(parseDsn(parseMime(crlf(DSN)))!, env, "fbl@hermod.test", [], 5);
    expect([rb.bounceCat, rs.bounceCat]).toEqual(["bad-mailbox", ""]);
    expect(rb.orig).toBe("fbl@hermod.test");
  });
});
