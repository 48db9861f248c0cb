import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCT_COLUMNS, ACCT_HEADER, acctCsvLine, acctTime, csvField, parseCsv } from "./acct-csv-format";
import { T0, record } from "./test-records";

describe("accounting CSV format", () => {
  it("uses PowerMTA 5.x's default columns, then the TLS pair", () => {
    expect(ACCT_HEADER).toBe(
      "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool,dlvTlsProtocol,dlvTlsCipher",
    );
  });

  it("writes times as PowerMTA iso-times in UTC", () => {
    expect(acctTime(Date.UTC(2019, 1, 8, 21, 54, 5, 999))).toBe("2019-02-08 21:54:05+0000");
    expect(acctTime(Number.NaN)).toBe("");
  });

  it("matches the PowerMTA sample row layout", () => {
    expect(acctCsvLine(record())).toBe(
      "d,2024-05-01 10:00:05+0000,2024-05-01 10:00:01+0000,b-123@bounce.example.com,ann@example.net,,relayed,2.0.0 (success),smtp;250 2.0.0 OK,mx.example.net (198.51.100.7),,smtp,app1.example.com (10.0.0.5),smtp,192.0.2.11,198.51.100.7,\"PIPELINING,8BITMIME,STARTTLS\",4213,bulk1,spring-sale,,example.net/bulk1,pool-bulk,TLSv1.3,TLS_AES_256_GCM_SHA384\r\n",
    );
  });

  it("quotes commas, quotes, newlines and edge whitespace, and leaves formulas alone", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe('"=HYPERLINK(""x"")"');
    expect(csvField("=1+1")).toBe("=1+1");
  });

  it("round-trips awkward values", () => {
    const awkward = record({
      orig: 'quote"d,comma@example.com',
      rcpt: "ünïcødé@例え.テスト",
      dsnDiag: "smtp;550-5.1.1 line one\r\n550 5.1.1 line two, \"quoted\"\n",
      dsnMta: "\rlone cr",
      jobId: "emoji 📬 job",
    });
    const [header, row, ...rest] = parseCsv(ACCT_HEADER + "\r\n" + acctCsvLine(awkward));
    expect(rest).toEqual([]);
    expect(header).toEqual([...ACCT_COLUMNS]);
    const back = Object.fromEntries(header.map((c, i) => [c, row[i]]));
    expect(back).toMatchObject({ orig: awkward.orig, rcpt: awkward.rcpt, dsnDiag: awkward.dsnDiag, dsnMta: awkward.dsnMta, jobId: awkward.jobId });
  });

  it("round-trips any strings", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { minLength: 5, maxLength: 5 }), ([orig, rcpt, dsnDiag, jobId, envId]) => {
        const line = acctCsvLine(record({ orig, rcpt, dsnDiag, jobId, envId }));
        const rows = parseCsv(line);
        expect(rows).toHaveLength(1);
        const back = Object.fromEntries(ACCT_COLUMNS.map((c, i) => [c, rows[0][i]]));
        expect([back.orig, back.rcpt, back.dsnDiag, back.jobId, back.envId]).toEqual([orig, rcpt, dsnDiag, jobId, envId]);
      }),
    );
  });

  it("formats the time columns only", () => {
    const cells = parseCsv(acctCsvLine(record({ timeQueued: T0, dlvSize: 0 })))[0];
    expect(cells[2]).toBe("2024-05-01 10:00:05+0000");
    expect(cells[ACCT_COLUMNS.indexOf("dlvSize")]).toBe("0");
  });
});
