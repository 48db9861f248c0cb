import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, warnings } from "./test-helpers";

const MIN = 60_000;
const domain = (body: string, arg = "*") => compileText(`<domain ${arg}>\n${body}\n</domain>`);

describe("<domain>", () => {
  it("compiles every directive Hermod acts on", () => {
    const config = compileOk(
      [
        "<domain example.com>",
        "  smtp-hosts mx1.example.com, mx2.example.com; [10.0.0.1]:2525",
        "  retry-after 10m,20m,1h",
        "  bounce-after 2d",
        "  max-smtp-out 5",
        "  use-starttls no",
        "  max-msg-per-connection 100",
        "  max-rcpt-per-transaction 50",
        "  default-smtp-port 2525",
        "</domain>",
      ].join("\n"),
    );
    expect(config.domains).toEqual([
      {
        pattern: "example.com",
        origin: { file: "/cfg/hermod.conf", line: 1, col: 1 },
        settings: {
          smtpHosts: [
            [
              { host: "mx1.example.com", literal: false },
              { host: "mx2.example.com", literal: false },
            ],
            [{ host: "10.0.0.1", port: 2525, literal: true }],
          ],
          retryAfter: [10 * MIN, 20 * MIN, 60 * MIN],
          bounceAfter: 2 * 86_400_000,
          maxSmtpOut: 5,
          useStarttls: false,
          maxMsgPerConnection: 100,
          maxRcptPerTransaction: 50,
          defaultSmtpPort: 2525,
        },
      },
    ]);
  });

  it("clears smtp-hosts with an empty string", () => {
    expect(compileOk('<domain *>\n  smtp-hosts ""\n</domain>').domains[0].settings).toEqual({ smtpHosts: null });
  });

  it("accepts max-rcpt-per-message as PowerMTA's alias of max-rcpt-per-transaction", () => {
    expect(compileOk("<domain *>\n  max-rcpt-per-message 10\n</domain>").domains[0].settings).toEqual({ maxRcptPerTransaction: 10 });
  });

  it("accepts unlimited for max-msg-per-connection", () => {
    expect(compileOk("<domain *>\n  max-msg-per-connection unlimited\n</domain>").domains[0].settings).toEqual({ maxMsgPerConnection: 0 });
  });

  it.each([
    ["retry-after 10m,4x", 19, 'invalid time interval "4x": expected a number followed by w, d, h, m or s'],
    ["retry-after 0", 15, "retry-after intervals must be greater than 0"],
    ["retry-after " + Array(31).fill("1m").join(","), 15, "retry-after takes at most 30 intervals"],
    ["bounce-after soon", 16, 'invalid time interval "soon"'],
    ["max-smtp-out 0", 16, 'max-smtp-out must be at least 1 (got "0")'],
    ["use-starttls sometimes", 16, 'invalid boolean "sometimes"'],
    ["max-rcpt-per-transaction 0", 28, "max-rcpt-per-transaction must be at least 1"],
    ["default-smtp-port 70000", 21, 'invalid port "70000"'],
    ["smtp-hosts a.example, [1.2.3.4]:0", 35, 'invalid port "0"'],
    ["smtp-hosts a.example;;b.example", 24, "empty entry"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = domain(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([expect.objectContaining({ line: 2, col, message: expect.stringContaining(message) })]);
  });

  it("warns about smtp-hosts lookup-mx: and keeps the inherited value", () => {
    const r = domain("  smtp-hosts lookup-mx:gmail.com");
    expect(warnings(r)).toEqual([expect.objectContaining({ line: 2, col: 14, message: expect.stringContaining("lookup-mx:") })]);
    expect(r.config?.domains[0].settings).toEqual({});
  });

  it("warns, naming it, about a PowerMTA directive Hermod does not act on yet", () => {
    const r = domain("  dkim-algorithm rsa-sha256");
    expect(r.config).not.toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        col: 3,
        severity: "warning",
        message: "`dkim-algorithm` is a PowerMTA directive Hermod does not act on yet; ignored",
      }),
    ]);
  });

  it("errors on directives from other blocks and on unknown names", () => {
    expect(errors(domain("  always-allow-relaying yes"))[0].message).toBe(
      "`always-allow-relaying` is not valid in <domain>; it belongs at the top level or in <source>",
    );
    expect(errors(domain("  max-smtp-outt 3"))[0].message).toBe(
      "unknown directive `max-smtp-outt`: not a PowerMTA directive (did you mean `max-smtp-out`?)",
    );
  });

  it("normalises patterns and reports invalid ones at the argument", () => {
    expect(compileOk("<domain [*.]Bücher.DE>\n</domain>").domains[0].pattern).toBe("[*.]xn--bcher-kva.de");
    expect(errors(domain("", "ex ample.com"))[0]).toMatchObject({ line: 1, col: 9, message: expect.stringContaining("invalid domain pattern") });
    expect(errors(domain("", "*.*.com"))[0].message).toContain('"*" is only allowed');
  });

  it("warns about reserved queues and IP-literal domains it does not act on", () => {
    const r = compileText("<domain {bounce}>\n  log-messages yes\n</domain>\n<domain [0/0]>\n</domain>");
    expect(r.config?.domains).toEqual([]);
    expect(warnings(r).map((w) => w.line)).toEqual([1, 4]);
    expect(errors(compileText("<domain {bounce}>\n  log-mesages yes\n</domain>"))[0].line).toBe(2);
  });

  it("warns when the same pattern is listed twice (settings are merged)", () => {
    const r = compileText("<domain a.example>\n  max-smtp-out 1\n</domain>\n<domain A.example>\n  max-smtp-out 2\n</domain>");
    expect(warnings(r)[0]).toMatchObject({ line: 4, message: expect.stringContaining("also defined at /cfg/hermod.conf:1:1") });
  });
});

describe("<domain> queueing and TLS policy", () => {
  it("compiles queue-to, queue-priority, require-starttls and max-message-size", () => {
    const config = compileOk('<domain hotmail.com>\n  queue-to "Hotmail.Rollup"\n  queue-priority 70\n  require-starttls yes\n  max-message-size 20M\n</domain>');
    expect(config.domains[0].settings).toEqual({ queueTo: "hotmail.rollup", queuePriority: 70, requireStarttls: true, maxMessageSize: 20 * 1024 ** 2 });
  });

  it.each([
    ["queue-priority 101", 18, 'queue-priority must be from 0 to 100 (got "101")'],
    ["queue-priority high", 18, 'invalid number "high"'],
    ["queue-to not a queue", 12, 'invalid queue-to "not a queue"'],
    ["require-starttls sometimes", 20, 'invalid boolean "sometimes"'],
    ["max-message-size 1X", 20, 'invalid size "1X"'],
  ])("reports %j at column %d", (line, col, message) => {
    expect(errors(domain(`  ${line}`))).toEqual([expect.objectContaining({ line: 2, col, message: expect.stringContaining(message) })]);
  });
});
