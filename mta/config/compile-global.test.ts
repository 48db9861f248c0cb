import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

describe("global directives", () => {
  it("applies Hermod's defaults to an empty file", () => {
    const config = compileOk("# nothing yet\n");
    expect(config.hostName).toBe("mta.test");
    expect(config.postmaster).toBe("postmaster@mta.test");
    expect(config.listeners).toEqual([{ host: "127.0.0.1", port: 2525, origin: { file: "/cfg/hermod.conf", line: 1, col: 1 } }]);
    expect(config).toMatchObject({ sources: [], domains: [], acctFiles: [] });
  });

  it("reads repeatable smtp-listener lines, IPv6 in brackets, with source=", () => {
    const config = compileOk(
      "smtp-listener 127.0.0.1:25\nsmtp-listener [::1]:25 source=feeder\nsmtp-listener 0/0:2526\n<source feeder>\n</source>",
    );
    expect(config.listeners.map(({ host, port, source }) => ({ host, port, source }))).toEqual([
      { host: "127.0.0.1", port: 25, source: undefined },
      { host: "::1", port: 25, source: "feeder" },
      { host: "0.0.0.0", port: 2526, source: undefined },
    ]);
    expect(config.listeners[1].origin).toEqual({ file: "/cfg/hermod.conf", line: 2, col: 1 });
  });

  it("reports listener errors at the offending word", () => {
    expect(errors(compileText("smtp-listener 1.2.3.4:99999"))[0]).toMatchObject({ col: 23, message: 'invalid port "99999": expected a number from 1 to 65535' });
    expect(errors(compileText("smtp-listener 1.2.3.4:25 sauce=x"))[0]).toMatchObject({ col: 26, message: expect.stringContaining('unexpected "sauce=x"') });
    expect(errors(compileText("smtp-listener"))[0].message).toContain("smtp-listener needs ADDRESS:PORT");
    expect(errors(compileText("smtp-listener ::1:25"))[0].message).toContain("in brackets");
  });

  it("rejects duplicate listeners and unknown source names", () => {
    const dup = compileText("smtp-listener 127.0.0.1:25\nsmtp-listener 127.0.0.1:25");
    expect(errors(dup)[0]).toMatchObject({ line: 2, col: 15, message: "a listener on 127.0.0.1:25 is already defined at /cfg/hermod.conf:1:1" });
    const unknown = compileText("smtp-listener 127.0.0.1:25 source=feedr\n<source feeder>\n</source>");
    expect(errors(unknown)[0]).toMatchObject({
      line: 1,
      message: 'listener 127.0.0.1:25 uses source=feedr, but no <source feedr> is defined (did you mean "feeder"?)',
    });
  });

  it("warns about listener ranges it cannot bind yet", () => {
    const r = compileText("smtp-listener 10.0.0.0/8:25");
    expect(warnings(r)[0].message).toContain("10.0.0.0/8");
    expect(r.config?.listeners).toEqual([expect.objectContaining({ host: "127.0.0.1", port: 2525 })]);
  });

  it("reads the <smtp-listener> block form with its source", () => {
    const r = compileText("<smtp-listener 127.0.0.1:587>\n  source sub\n  tls-certificate /x.pem\n</smtp-listener>\n<source sub>\n</source>");
    expect(errors(r)).toEqual([]);
    expect(r.config?.listeners).toEqual([{ host: "127.0.0.1", port: 587, source: "sub", origin: { file: "/cfg/hermod.conf", line: 1, col: 1 } }]);
    expect(warnings(r).map((w) => w.message)).toEqual(["`tls-certificate` is a PowerMTA directive Hermod does not act on yet; ignored"]);
  });

  it("reads host-name and postmaster, using the first and warning about the rest", () => {
    const r = compileText("host-name MTA.Example.com\nhost-name other.example\npostmaster Ops@Example.com");
    expect(r.config).toMatchObject({ hostName: "mta.example.com", postmaster: "Ops@example.com" });
    expect(warnings(r)).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("only the first `host-name`") })]);
    expect(compileOk("host-name h.example").postmaster).toBe("postmaster@h.example");
  });

  it("validates host-name and postmaster", () => {
    expect(errors(compileText("host-name bad_host name"))[0].message).toBe("host-name takes exactly one host name");
    expect(errors(compileText("host-name a..b"))[0].message).toContain('invalid host-name "a..b"');
    expect(errors(compileText("postmaster nobody"))[0]).toMatchObject({ col: 12, message: 'invalid postmaster address "nobody": expected user@domain' });
  });
});

describe("vocabulary at the top level", () => {
  it("warns, naming it, about a PowerMTA directive Hermod does not act on", () => {
    const r = compileText("\n  total-max-smtp-in 500");
    expect(r.config).not.toBeNull();
    expect(r.diagnostics).toEqual([
      {
        file: "/cfg/hermod.conf",
        line: 2,
        col: 3,
        severity: "warning",
        message: "`total-max-smtp-in` is a PowerMTA directive Hermod does not act on yet; ignored",
      },
    ]);
  });

  it("errors on a name that is not PowerMTA's, suggesting the closest one", () => {
    const r = compileText("host-nmae a.example");
    expect(r.config).toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ line: 1, col: 1, severity: "error", message: "unknown directive `host-nmae`: not a PowerMTA directive (did you mean `host-name`?)" }),
    ]);
    expect(errors(compileText("frobnicate yes"))[0].message).toBe("unknown directive `frobnicate`: not a PowerMTA directive");
  });

  it("errors on a directive in the wrong block", () => {
    expect(errors(compileText("max-smtp-out 20"))[0].message).toBe("`max-smtp-out` is not valid at the top level; it belongs in <domain>, in <virtual-mta> or in <virtual-mta-pool>");
    expect(errors(compileText("domain example.com"))[0].message).toContain("<domain> is a block");
  });

  it("errors on unknown and misplaced blocks", () => {
    expect(errors(compileText("<domian x.com>\n</domian>"))[0].message).toBe("unknown block <domian>: not a PowerMTA block (did you mean <domain>?)");
    expect(errors(compileText("<domain *>\n<source 0/0>\n</source>\n</domain>"))[0]).toMatchObject({
      line: 2,
      message: "<source> is not allowed in <domain>; it belongs at the top level",
    });
    expect(errors(compileText("<domain>\n</domain>"))[0].message).toBe("<domain> needs an argument, e.g. <domain NAME>");
  });

  it("warns once for a block Hermod ignores and still checks what is inside", () => {
    const ok = compileText("<email-patterns>\n  log-match-info yes\n</email-patterns>");
    expect(ok.config).not.toBeNull();
    expect(ok.diagnostics).toEqual([
      expect.objectContaining({ line: 1, severity: "warning", message: "<email-patterns> is a PowerMTA block Hermod does not act on yet; ignored with everything in it" }),
    ]);
    const typo = compileText("<bounce-processor>\n  <address-list>\n    adress /^bounce@/\n  </address-list>\n</bounce-processor>");
    expect(errors(typo)[0]).toMatchObject({ line: 3, col: 5, message: expect.stringContaining("(did you mean `address`?)") });
  });

  it("does not read the lines of an opaque block (aliases) as directives", () => {
    const r = compileText("<aliases>\n  postmaster: root@example.net\n</aliases>");
    expect(errors(r)).toEqual([]);
  });

  it("never half-applies: one error anywhere means no config", () => {
    const r = compileText("smtp-listener 127.0.0.1:25\n<domain *>\n  max-smtp-out 5\n</domain>\nbogus-directive 1");
    expect(r.config).toBeNull();
    expect(errors(r)).toHaveLength(1);
  });
});
