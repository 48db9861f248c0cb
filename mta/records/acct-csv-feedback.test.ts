import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AcctCsvWriter } from "./acct-csv";
import { ACCT_COLUMNS, ACCT_HEADER, columnsFor, parseCsv } from "./acct-csv-format";
import { record, recordingLogger } from "./test-records";
import { complaintRecord as complaint } from "../testing/feedback-records";


describe("f/rb/rs records in <acct-file>", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hermod-acct-fbl-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses PowerMTA's columns per type, their union for several types, and leaves delivery-only files as they were", () => {
    expect(columnsFor(["d", "b"])).toBe(ACCT_COLUMNS);
    expect(columnsFor(["f"]).join(",")).toBe(
      "type,timeLogged,repSourceIp,feedbackType,format,userAgent,envId,orig,rcpt,reportingMta,dlvSourceIp,reportedDomain,header_From,header_Return-Path,header_X-job,header_Subject",
    );
    expect(columnsFor(["rb", "rs"]).join(",")).toBe(
      "type,timeLogged,orig,rcpt,orcpt,dsnStatus,dsnDiag,dsnMta,dsnReportingMta,bounceCat,srcType,srcMta,envId,format,header_From,header_Return-Path,header_X-job,header_Subject,dsnAction",
    );
    const mixed = columnsFor(["d", "f"]);
    expect(mixed.slice(0, ACCT_COLUMNS.length)).toEqual([...ACCT_COLUMNS]);
    expect(mixed.slice(ACCT_COLUMNS.length)).toEqual(["repSourceIp", "feedbackType", "format", "userAgent", "reportingMta", "reportedDomain", "header_From", "header_Return-Path", "header_X-job", "header_Subject"]);
  });

  it("writes f and rb rows to a file that selects them and skips the types it does not", async () => {
    const path = join(dir, "fbl.csv");
    const w = new AcctCsvWriter({ path, records: ["f", "rb"] }, { logger: recordingLogger() });
    w.write(complaint());
    w.write(complaint({ type: "rb", format: "dsn", rcpt: "frank@remote.test", orig: "bounces@hermod.test", dsnStatus: "5.1.1 (bad destination mailbox address)", reportingMta: "mx.remote.test", bounceCat: "bad-mailbox" }));
    w.write(complaint({ type: "rs" }));
    w.write(record());
    await w.close();
    const rows = parseCsv(await readFile(path, "utf8"));
    const header = rows[0];
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    expect(rows).toHaveLength(3);
    expect(at(rows[1], "type")).toBe("f");
    expect(at(rows[1], "timeLogged")).toBe("2026-11-27 10:00:00+0000");
    expect(at(rows[1], "feedbackType")).toBe("abuse");
    expect(at(rows[1], "header_Subject")).toBe("Spring, sale");
    expect(at(rows[1], "dsnReportingMta")).toBe("mail.isp.test");
    expect(at(rows[2], "dsnReportingMta")).toBe("mx.remote.test");
    expect(at(rows[2], "bounceCat")).toBe("bad-mailbox");
    expect(at(rows[2], "rcpt")).toBe("frank@remote.test");
  });

  it("on a reload that adds f to a d,b file, lines already made keep their header and the file is moved aside", async () => {
    const path = join(dir, "acct.csv");
    const w = new AcctCsvWriter({ path, records: ["d", "b"] }, { logger: recordingLogger() });
    w.write(record());
    await w.flush();
    w.write(record({ rcpt: "second@example.net" }));
    w.setRecords(["d", "b", "f"]);
    w.write(complaint());
    await w.close();
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    const old = parseCsv(await readFile(join(dir, files.find((f) => f !== "acct.csv")!), "utf8"));
    expect(old[0].join(",")).toBe(ACCT_HEADER);
    expect(old.slice(1).map((r) => r[4])).toEqual(["ann@example.net", "second@example.net"]);
    const current = parseCsv(await readFile(path, "utf8"));
    expect(current[0].join(",")).toBe(columnsFor(["d", "b", "f"]).join(","));
    expect(current.slice(1).map((r) => [r[0], r[4]])).toEqual([["f", "alice@isp.test"]]);
  });
});
