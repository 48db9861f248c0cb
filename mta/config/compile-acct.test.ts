import { describe, expect, it } from "vitest";
import { parseRecords } from "./directives";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

describe("<acct-file>", () => {
  it("resolves a relative path against the directory of the file that holds it", () => {
    const config = compileOk("<acct-file logs/acct.csv>\n</acct-file>\ninclude sub/more.conf", {
      "/cfg/sub/more.conf": "<acct-file diag.csv>\n  records t\n</acct-file>\n<acct-file /var/log/hermod/all.csv>\n  records d,b,t,tq,r,f,rb,rs\n</acct-file>",
    });
    expect(config.acctFiles).toEqual([
      { path: "/cfg/logs/acct.csv", records: ["d", "b"], origin: { file: "/cfg/hermod.conf", line: 1, col: 1 } },
      { path: "/cfg/sub/diag.csv", records: ["t"], origin: { file: "/cfg/sub/more.conf", line: 1, col: 1 } },
      { path: "/var/log/hermod/all.csv", records: ["d", "b", "t", "tq", "r", "f", "rb", "rs"], origin: expect.anything() },
    ]);
  });

  it("normalises long record names and drops duplicates", () => {
    expect(parseRecords("delivery, Bounce,transient,d")).toEqual({ ok: true, value: ["d", "b", "t"] });
    expect(parseRecords("transient-queue,receipt,feedback-loop,remote-bounce,remote-status")).toEqual({
      ok: true,
      value: ["tq", "r", "f", "rb", "rs"],
    });
  });

  it("reports an unknown record type at its position, with a suggestion", () => {
    const r = compileText("<acct-file a.csv>\n  records d, bounce, transiant\n</acct-file>");
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 2, col: 22, message: expect.stringContaining('unknown record type "transiant" (did you mean "transient"?)') }),
    ]);
  });

  it("warns about acct-file directives and piped files it does not act on", () => {
    const r = compileText("<acct-file a.csv>\n  move-interval 1d\n</acct-file>\n<acct-file |/usr/bin/logger -t x>\n  records d\n</acct-file>");
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => w.line)).toEqual([2, 4]);
    expect(r.config?.acctFiles.map((a) => a.path)).toEqual(["/cfg/a.csv"]);
  });

  it("rejects the same file twice", () => {
    const r = compileText("<acct-file a.csv>\n</acct-file>\n<acct-file ./a.csv>\n</acct-file>");
    expect(errors(r)[0]).toMatchObject({ line: 3, col: 12, message: expect.stringContaining("already defined at /cfg/hermod.conf:1:1") });
  });
});
