import { describe, expect, it } from "vitest";
import { compileOk, compileText, errors, exactlyAt as at, warnings } from "./test-helpers";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const RATE_HINT = 'expected N/[M]unit with unit s, sec, m, min, h, hr, d or day (e.g. "100/h", "83/10m"), or "unlimited"';

const domain = (body: string) => compileText(`<domain *>\n${body}\n</domain>`);
const settingsOf = (line: string) => compileOk(`<domain *>\n  ${line}\n</domain>`).domains[0].settings;

describe("<domain> traffic-shaping and backoff directives", () => {
  it("compiles every one of them into the rule's settings", () => {
    const config = compileOk(
      [
        "<domain gmail.com>",
        "  max-msg-rate 100/h",
        "  max-connect-rate 83/10m",
        "  backoff-max-msg-rate 10/min",
        "  backoff-max-connect-rate 1/s",
        "  backoff-max-smtp-out 2",
        "  backoff-retry-after 30m,1h",
        "  backoff-to-normal-after 2h",
        "  backoff-to-normal-after-delivery yes",
        "  backoff-reroute-to-virtual-mta Slow",
        "  smtp-pattern-list blocking",
        "  retry-recipients-after 5m",
        "  bounce-upon-no-mx 1h",
        "  smtp-421-means-mx-unavailable true",
        "  source-ip-max-msg-rate 192.0.2.0/24 50/h",
        "  source-ip-max-connect-rate 2001:DB8::/32 5/m",
        "  source-ip-max-smtp-out 192.0.2.7 2",
        "  max-cold-virtual-mta-msg 1/day,2/d,5",
        "  notify-of-delay-every 1h",
        "</domain>",
        "<virtual-mta slow>",
        "</virtual-mta>",
        "<smtp-pattern-list blocking>",
        "  reply /421/ mode=backoff",
        "</smtp-pattern-list>",
      ].join("\n"),
    );
    expect(config.domains[0].settings).toEqual({
      maxMsgRate: { count: 100, perMs: HOUR },
      maxConnectRate: { count: 83, perMs: 10 * MIN },
      backoffMaxMsgRate: { count: 10, perMs: MIN },
      backoffMaxConnectRate: { count: 1, perMs: SEC },
      backoffMaxSmtpOut: 2,
      backoffRetryAfter: [30 * MIN, HOUR],
      backoffToNormalAfter: 2 * HOUR,
      backoffToNormalAfterDelivery: true,
      backoffRerouteToVirtualMta: "slow",
      smtpPatternList: "blocking",
      retryRecipientsAfter: 5 * MIN,
      bounceUponNoMx: HOUR,
      smtp421MeansMxUnavailable: true,
      sourceIpMaxMsgRate: [{ cidr: "192.0.2.0/24", rate: { count: 50, perMs: HOUR } }],
      sourceIpMaxConnectRate: [{ cidr: "2001:db8::/32", rate: { count: 5, perMs: MIN } }],
      sourceIpMaxSmtpOut: [{ cidr: "192.0.2.7/32", max: 2 }],
      maxColdVirtualMtaMsg: [1, 2, 5],
      notifyOfDelayEvery: HOUR,
    });
  });

  it.each([
    ["max-msg-rate unlimited", { maxMsgRate: null }],
    ["max-msg-rate 0", { maxMsgRate: null }],
    ["max-msg-rate 0/h", { maxMsgRate: null }],
    ["max-connect-rate 5/sec", { maxConnectRate: { count: 5, perMs: SEC } }],
    ["reenable-source-ip-after 10m", { reenableSourceIpAfter: 10 * MIN }],
    ["backoff-max-msg-rate 2/day", { backoffMaxMsgRate: { count: 2, perMs: DAY } }],
    ["backoff-retry-after 5m, 15m", { backoffRetryAfter: [5 * MIN, 15 * MIN] }],
    ["backoff-to-normal-after never", { backoffToNormalAfter: null }],
    ["backoff-to-normal-after-delivery no", { backoffToNormalAfterDelivery: false }],
    ["bounce-upon-no-mx yes", { bounceUponNoMx: 0 }],
    ["bounce-upon-no-mx TRUE", { bounceUponNoMx: 0 }],
    ["bounce-upon-no-mx 0", { bounceUponNoMx: 0 }],
    ["bounce-upon-no-mx no", { bounceUponNoMx: false }],
    ["bounce-upon-no-mx never", { bounceUponNoMx: false }],
    ["bounce-upon-no-mx 30m", { bounceUponNoMx: 30 * MIN }],
    ["notify-of-delay-every never", { notifyOfDelayEvery: 0 }],
    ["notify-of-delay-every 0", { notifyOfDelayEvery: 0 }],
    ["max-cold-virtual-mta-msg 0/d", { maxColdVirtualMtaMsg: null }],
    ["max-cold-virtual-mta-msg 0, 0/day", { maxColdVirtualMtaMsg: null }],
    ["max-cold-virtual-mta-msg 0/d,5/1d", { maxColdVirtualMtaMsg: [0, 5] }],
    ["source-ip-max-smtp-out 192.0.2.1 unlimited", { sourceIpMaxSmtpOut: [{ cidr: "192.0.2.1/32", max: 0 }] }],
    ["source-ip-max-msg-rate 0/0 unlimited", { sourceIpMaxMsgRate: [{ cidr: "0.0.0.0/0", rate: null }] }],
  ])("reads %j", (line, settings) => {
    expect(settingsOf(line)).toEqual(settings);
  });

  it('clears an inherited reroute or pattern list with "" (which refers to nothing)', () => {
    const r = domain('  backoff-reroute-to-virtual-mta ""\n  smtp-pattern-list ""');
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.domains[0].settings).toEqual({ backoffRerouteToVirtualMta: "", smtpPatternList: "" });
  });

  it("keeps one source-ip entry per CIDR (canonical form): a repeat in the block replaces it, with a warning", () => {
    const r = domain(
      [
        "  source-ip-max-smtp-out 192.0.2.7 2",
        "  source-ip-max-smtp-out 0/0 10",
        "  source-ip-max-smtp-out 192.0.2.7/32 3",
        "  source-ip-max-msg-rate 192.0.2.1/24 10/h",
      ].join("\n"),
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", line: 4, col: 3, message: "source-ip-max-smtp-out for 192.0.2.7/32 is already set in this block; the last one wins" }),
    ]);
    expect(r.config?.domains[0].settings).toEqual({
      sourceIpMaxSmtpOut: [
        { cidr: "0.0.0.0/0", max: 10 },
        { cidr: "192.0.2.7/32", max: 3 },
      ],
      sourceIpMaxMsgRate: [{ cidr: "192.0.2.0/24", rate: { count: 10, perMs: HOUR } }],
    });
  });

  it("reads the deprecated max-smtp-out-per-source-ip as source-ip-max-smtp-out, with a warning", () => {
    const r = domain("  max-smtp-out-per-source-ip 192.0.2.1 4\n  source-ip-max-smtp-out 192.0.2.2 5");
    expect(warnings(r)).toEqual([
      at(2, 3, "`max-smtp-out-per-source-ip` is deprecated in PowerMTA (UG5.0 §3.3.10.76); read as `source-ip-max-smtp-out CIDR N`, which is what to write instead"),
    ]);
    expect(r.config?.domains[0].settings).toEqual({
      sourceIpMaxSmtpOut: [
        { cidr: "192.0.2.1/32", max: 4 },
        { cidr: "192.0.2.2/32", max: 5 },
      ],
    });
  });

  it("warns when a single-valued shaping directive is repeated in one block (the last one wins)", () => {
    const r = domain("  max-msg-rate 10/h\n  max-msg-rate 20/h");
    expect(warnings(r)).toEqual([at(3, 3, "`max-msg-rate` is already set in this block at /cfg/hermod.conf:2:3; the last one wins")]);
    expect(r.config?.domains[0].settings).toEqual({ maxMsgRate: { count: 20, perMs: HOUR } });
  });

  it.each([
    ["max-msg-rate 10/x", 19, `invalid rate "10/x": ${RATE_HINT}`],
    ["max-msg-rate 100", 16, `invalid rate "100": ${RATE_HINT}`],
    ["max-connect-rate 10/0m", 23, 'invalid rate "10/0m": the interval must not be 0'],
    ["backoff-max-msg-rate ten/h", 24, `invalid rate "ten/h": ${RATE_HINT}`],
    ["backoff-max-connect-rate 5/fortnight", 30, `invalid rate "5/fortnight": ${RATE_HINT}`],
    ["backoff-max-smtp-out 0", 24, 'backoff-max-smtp-out must be at least 1 (got "0")'],
    ["backoff-max-smtp-out many", 24, 'invalid number "many": expected a whole number'],
    ["backoff-retry-after 10m,0", 23, 'backoff-retry-after intervals must be greater than 0 (got "10m,0")'],
    ["backoff-retry-after 10m,x", 27, 'invalid time interval "x": expected a number followed by w, d, h, m or s'],
    ["backoff-to-normal-after 0", 27, 'backoff-to-normal-after must be greater than 0 (write "never" for no limit) (got "0")'],
    ["backoff-to-normal-after soon", 27, 'invalid time interval "soon": expected a number followed by w, d, h, m or s, or "never"'],
    ["backoff-to-normal-after-delivery maybe", 36, 'invalid boolean "maybe": expected yes, no, true or false'],
    ["backoff-reroute-to-virtual-mta bad!name", 34, 'invalid VirtualMTA name "bad!name": use letters, digits, ".", "_" and "-"'],
    ["smtp-pattern-list two words", 21, 'invalid smtp-pattern-list name "two words": expected one word'],
    ["retry-recipients-after x", 26, 'invalid time interval "x": expected a number followed by w, d, h, m or s'],
    ["bounce-upon-no-mx later", 21, 'invalid bounce-upon-no-mx "later": expected yes, no, never or a time interval such as 30m'],
    ["smtp-421-means-mx-unavailable 1", 33, 'invalid boolean "1": expected yes, no, true or false'],
    ["source-ip-max-msg-rate 192.0.2.0/24 10/x", 42, `invalid rate "10/x": ${RATE_HINT}`],
    ["source-ip-max-connect-rate 192.0.2.300 5/m", 30, 'invalid CIDR "192.0.2.300": not an IPv4 address'],
    [
      "source-ip-max-smtp-out 192.0.2.1",
      26,
      "source-ip-max-smtp-out takes CIDR N: a source address or range and its limit, e.g. source-ip-max-smtp-out 192.0.2.0/24 10",
    ],
    [
      "source-ip-max-msg-rate 192.0.2.1 10/h extra",
      41,
      "source-ip-max-msg-rate takes CIDR RATE: a source address or range and its limit, e.g. source-ip-max-msg-rate 192.0.2.0/24 100/h",
    ],
    ["source-ip-max-smtp-out 192.0.2.1 -1", 36, 'invalid number "-1": expected a whole number or "unlimited"'],
    ["max-cold-virtual-mta-msg 1/day,10/h", 34, 'invalid daily limit "10/h": the counters are per day, write N/day'],
    ["max-cold-virtual-mta-msg 1/day,lots", 34, 'invalid daily limit "lots": expected N/day (e.g. "1000/day") or a number'],
    ["max-cold-virtual-mta-msg unlimited", 28, 'invalid daily limit "unlimited": the schedule needs a number per day (N/day; 0/day diverts nothing)'],
    ["notify-of-delay-every x", 25, 'invalid time interval "x": expected a number followed by w, d, h, m or s, or "never"'],
    ["max-msg-rate", 3, "max-msg-rate needs a value"],
  ])("reports %j at column %d", (line, col, message) => {
    const r = domain(`  ${line}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });
});

describe("<domain> directives naming other blocks", () => {
  const POOL = "<virtual-mta slow>\n</virtual-mta>\n<virtual-mta-pool Backoff-Pool>\n  virtual-mta slow\n</virtual-mta-pool>";

  it("reroutes to a VirtualMTA or a pool, in any case and wherever it is defined", () => {
    const config = compileOk(`<domain a.example>\n  backoff-reroute-to-virtual-mta SLOW\n</domain>\n<domain b.example>\n  backoff-reroute-to-virtual-mta backoff-pool\n</domain>\n${POOL}`);
    expect(config.domains.map((d) => d.settings.backoffRerouteToVirtualMta)).toEqual(["slow", "backoff-pool"]);
  });

  it("reports a reroute to an unknown VirtualMTA at its name, suggesting a close one", () => {
    const r = compileText(`${POOL}\n<domain *>\n  backoff-reroute-to-virtual-mta slo\n  max-smtp-out 2\n</domain>`);
    expect(errors(r)).toEqual([
      at(7, 34, 'backoff-reroute-to-virtual-mta slo: no <virtual-mta slo> or <virtual-mta-pool slo> is defined (did you mean "slow"?)'),
    ]);
  });

  it("compares smtp-pattern-list names as written", () => {
    const list = "<smtp-pattern-list Blocking>\n  reply /421/ mode=backoff\n</smtp-pattern-list>";
    expect(compileOk(`<domain *>\n  smtp-pattern-list Blocking\n</domain>\n${list}`).domains[0].settings).toEqual({ smtpPatternList: "Blocking" });
    expect(errors(compileText(`${list}\n<domain *>\n  smtp-pattern-list blocking\n</domain>`))).toEqual([
      at(5, 21, 'smtp-pattern-list blocking: no <smtp-pattern-list blocking> is defined (did you mean "Blocking"?)'),
    ]);
  });

  it("checks the names used in a VirtualMTA's own <domain> blocks too", () => {
    const r = compileText("<virtual-mta v>\n  <domain gmail.com>\n    backoff-reroute-to-virtual-mta nowhere\n    smtp-pattern-list nolist\n  </domain>\n</virtual-mta>");
    expect(errors(r)).toEqual([
      at(3, 36, "backoff-reroute-to-virtual-mta nowhere: no <virtual-mta nowhere> or <virtual-mta-pool nowhere> is defined"),
      at(4, 23, "smtp-pattern-list nolist: no <smtp-pattern-list nolist> is defined"),
    ]);
  });
});

describe("startup ramp (startup-ramp-interval, startup-ramp-fraction)", () => {
  it("is off unless an interval greater than 0 is given", () => {
    expect(compileOk("").startupRamp).toBeNull();
    expect(compileOk("startup-ramp-interval 0\nstartup-ramp-fraction 50%").startupRamp).toBeNull();
  });

  it.each([
    ["startup-ramp-interval 10m", { interval: 10 * MIN, fraction: 0.1 }],
    ["startup-ramp-interval 10m\nstartup-ramp-fraction 25%", { interval: 10 * MIN, fraction: 0.25 }],
    ["startup-ramp-fraction 0.5\nstartup-ramp-interval 1h", { interval: HOUR, fraction: 0.5 }],
    ["startup-ramp-interval 90\nstartup-ramp-fraction 1", { interval: 90 * SEC, fraction: 1 }],
  ])("compiles %j", (text, ramp) => {
    expect(compileOk(text).startupRamp).toEqual(ramp);
  });

  it("warns about a fraction without an interval, and about a repeat (the last one wins)", () => {
    const alone = compileText("startup-ramp-fraction 0.5");
    expect(alone.config?.startupRamp).toBeNull();
    expect(warnings(alone)).toEqual([at(1, 1, "`startup-ramp-fraction` has no effect without `startup-ramp-interval`; ignored")]);
    const twice = compileText("startup-ramp-interval 10m\nstartup-ramp-interval 20m");
    expect(twice.config?.startupRamp).toEqual({ interval: 20 * MIN, fraction: 0.1 });
    expect(warnings(twice)).toEqual([at(2, 1, "`startup-ramp-interval` is already set at /cfg/hermod.conf:1:1; the last one wins")]);
  });

  const FRACTION_HINT = 'expected a number greater than 0 and at most 1, or a percentage (e.g. "0.1" or "10%")';
  it.each([
    ["startup-ramp-fraction 0", 23, `invalid fraction "0": ${FRACTION_HINT}`],
    ["startup-ramp-fraction 150%", 23, `invalid fraction "150%": ${FRACTION_HINT}`],
    ["startup-ramp-fraction half", 23, `invalid fraction "half": ${FRACTION_HINT}`],
    ["startup-ramp-interval soon", 23, 'invalid time interval "soon": expected a number followed by w, d, h, m or s'],
  ])("reports %j at column %d", (text, col, message) => {
    const r = compileText(`startup-ramp-interval 1m\n${text}`);
    expect(r.config).toBeNull();
    expect(errors(r)).toEqual([at(2, col, message)]);
  });

  it("is a top-level directive only", () => {
    expect(errors(domain("  startup-ramp-interval 10m"))).toEqual([at(2, 3, "`startup-ramp-interval` is not valid in <domain>; it belongs at the top level")]);
  });
});
