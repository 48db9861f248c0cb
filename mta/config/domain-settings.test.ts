import { describe, expect, it } from "vitest";
import { finishDomainSettings, mergeDomainLayer } from "./domain-settings";
import { resolveDomain } from "./resolve";
import { compileOk } from "./test-helpers";
import type { DomainSettings } from "./types";

const MIN = 60_000;
const HOUR = 60 * MIN;
const perHour = (count: number) => ({ count, perMs: HOUR });

/** The shaping keys of resolved settings, for compact comparisons. */
const shaping = (s: DomainSettings) => ({
  maxMsgRate: s.maxMsgRate,
  maxConnectRate: s.maxConnectRate,
  backoffMaxMsgRate: s.backoffMaxMsgRate,
  backoffMaxConnectRate: s.backoffMaxConnectRate,
  maxSmtpOut: s.maxSmtpOut,
  backoffMaxSmtpOut: s.backoffMaxSmtpOut,
  backoffRerouteToVirtualMta: s.backoffRerouteToVirtualMta,
  smtpPatternList: s.smtpPatternList,
});

describe("resolved shaping settings: defaults", () => {
  it("are PowerMTA's when no <domain> sets them", () => {
    const s = resolveDomain(compileOk(""), "example.com");
    expect({ ...shaping(s), backoffRetryAfter: s.backoffRetryAfter, backoffToNormalAfter: s.backoffToNormalAfter }).toEqual({
      maxMsgRate: null,
      maxConnectRate: null,
      backoffMaxMsgRate: null,
      backoffMaxConnectRate: null,
      maxSmtpOut: 20,
      backoffMaxSmtpOut: 20,
      backoffRerouteToVirtualMta: undefined,
      smtpPatternList: undefined,
      backoffRetryAfter: [HOUR],
      backoffToNormalAfter: null,
    });
    expect(s).toMatchObject({
      backoffToNormalAfterDelivery: false,
      retryRecipientsAfter: 10 * MIN,
      bounceUponNoMx: false,
      smtp421MeansMxUnavailable: false,
      sourceIpMaxMsgRate: [],
      sourceIpMaxConnectRate: [],
      sourceIpMaxSmtpOut: [],
      maxColdVirtualMtaMsg: null,
      notifyOfDelayEvery: 4 * HOUR,
    });
    expect("backoffRerouteToVirtualMta" in s).toBe(false);
  });
});

describe("resolved shaping settings: inheritance", () => {
  const config = compileOk(
    [
      "<virtual-mta slow>\n</virtual-mta>",
      "<smtp-pattern-list blocking>\n  reply /421/ mode=backoff\n</smtp-pattern-list>",
      "<domain *>",
      "  max-msg-rate 100/h",
      "  max-connect-rate 10/h",
      "  backoff-reroute-to-virtual-mta slow",
      "  smtp-pattern-list blocking",
      "  backoff-to-normal-after 1h",
      "  bounce-upon-no-mx 30m",
      "</domain>",
      "<domain gmail.com>",
      "  max-msg-rate 50/h",
      "  max-smtp-out 5",
      "  backoff-reroute-to-virtual-mta \"\"",
      "  backoff-to-normal-after never",
      "  bounce-upon-no-mx no",
      "</domain>",
      "<domain yahoo.com>",
      "  backoff-max-msg-rate 0",
      "  backoff-max-smtp-out 40",
      "  smtp-pattern-list \"\"",
      "</domain>",
      "<virtual-mta v>",
      "  <domain *>",
      "    max-connect-rate 2/h",
      "  </domain>",
      "  <domain gmail.com>",
      "    backoff-reroute-to-virtual-mta slow",
      "  </domain>",
      "</virtual-mta>",
    ].join("\n"),
  );

  it("lets a specific domain override <domain *>, and derives the backoff limits from the effective ones", () => {
    expect(shaping(resolveDomain(config, "hotmail.com"))).toEqual({
      maxMsgRate: perHour(100),
      maxConnectRate: perHour(10),
      backoffMaxMsgRate: perHour(100),
      backoffMaxConnectRate: perHour(10),
      maxSmtpOut: 20,
      backoffMaxSmtpOut: 20,
      backoffRerouteToVirtualMta: "slow",
      smtpPatternList: "blocking",
    });
    // gmail.com: its own max-msg-rate is what backoff follows; backoff-max-smtp-out never exceeds max-smtp-out.
    expect(shaping(resolveDomain(config, "gmail.com"))).toEqual({
      maxMsgRate: perHour(50),
      maxConnectRate: perHour(10),
      backoffMaxMsgRate: perHour(50),
      backoffMaxConnectRate: perHour(10),
      maxSmtpOut: 5,
      backoffMaxSmtpOut: 5,
      backoffRerouteToVirtualMta: undefined,
      smtpPatternList: "blocking",
    });
  });

  it('drops names cleared with "" and lets never/no override an inherited interval', () => {
    const gmail = resolveDomain(config, "gmail.com");
    expect("backoffRerouteToVirtualMta" in gmail).toBe(false);
    expect([gmail.backoffToNormalAfter, gmail.bounceUponNoMx]).toEqual([null, false]);
    const hotmail = resolveDomain(config, "hotmail.com");
    expect([hotmail.backoffToNormalAfter, hotmail.bounceUponNoMx]).toEqual([HOUR, 30 * MIN]);
    expect("smtpPatternList" in resolveDomain(config, "yahoo.com")).toBe(false);
  });

  it("takes an explicit backoff value as written, even unlimited or above max-smtp-out", () => {
    expect(shaping(resolveDomain(config, "yahoo.com"))).toMatchObject({ maxMsgRate: perHour(100), backoffMaxMsgRate: null, maxSmtpOut: 20, backoffMaxSmtpOut: 40 });
  });

  it("derives the backoff limits after a VirtualMTA's own <domain> blocks are merged", () => {
    expect(shaping(resolveDomain(config, "gmail.com", "v"))).toEqual({
      maxMsgRate: perHour(50),
      maxConnectRate: perHour(2),
      backoffMaxMsgRate: perHour(50),
      backoffMaxConnectRate: perHour(2),
      maxSmtpOut: 5,
      backoffMaxSmtpOut: 5,
      backoffRerouteToVirtualMta: "slow",
      smtpPatternList: "blocking",
    });
  });

  it("returns frozen settings", () => {
    const s = resolveDomain(config, "gmail.com", "v");
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.sourceIpMaxMsgRate)).toBe(true);
  });
});

describe("resolved source-ip limits", () => {
  const config = compileOk(
    [
      "<domain *>",
      "  source-ip-max-msg-rate 0/0 100/h",
      "  source-ip-max-msg-rate 192.0.2.1 10/h",
      "  source-ip-max-smtp-out 192.0.2.0/24 4",
      "</domain>",
      "<domain gmail.com>",
      "  source-ip-max-msg-rate 192.0.2.0/24 5/h",
      "  source-ip-max-msg-rate 192.0.2.1 20/h",
      "</domain>",
      "<virtual-mta-pool p>",
      "  virtual-mta v",
      "  <domain gmail.com>",
      "    source-ip-max-msg-rate 0/0 unlimited",
      "  </domain>",
      "</virtual-mta-pool>",
      "<virtual-mta v>",
      "  <domain *>",
      "    source-ip-max-smtp-out 192.0.2.9 1",
      "  </domain>",
      "</virtual-mta>",
    ].join("\n"),
  );

  it("merges entries per CIDR along the chain (a more specific level replaces only the same CIDR), most specific first", () => {
    const s = resolveDomain(config, "gmail.com");
    expect(s.sourceIpMaxMsgRate).toEqual([
      { cidr: "192.0.2.1/32", rate: perHour(20) },
      { cidr: "192.0.2.0/24", rate: perHour(5) },
      { cidr: "0.0.0.0/0", rate: perHour(100) },
    ]);
    expect(s.sourceIpMaxSmtpOut).toEqual([{ cidr: "192.0.2.0/24", max: 4 }]);
  });

  it("merges a pool's and a VirtualMTA's entries with the top-level ones", () => {
    const s = resolveDomain(config, "gmail.com", "v");
    expect(s.sourceIpMaxMsgRate).toEqual([
      { cidr: "192.0.2.1/32", rate: perHour(20) },
      { cidr: "192.0.2.0/24", rate: perHour(5) },
      { cidr: "0.0.0.0/0", rate: null },
    ]);
    expect(s.sourceIpMaxSmtpOut).toEqual([
      { cidr: "192.0.2.9/32", max: 1 },
      { cidr: "192.0.2.0/24", max: 4 },
    ]);
  });
});

describe("mergeDomainLayer and finishDomainSettings", () => {
  it("never mutate the layers' lists", () => {
    const first = Object.freeze([{ cidr: "0.0.0.0/0", max: 2 }]);
    const second = Object.freeze([{ cidr: "0.0.0.0/0", max: 3 }]);
    const chain = mergeDomainLayer(mergeDomainLayer({}, { sourceIpMaxSmtpOut: first as never }), { sourceIpMaxSmtpOut: second as never });
    expect(chain.sourceIpMaxSmtpOut).toEqual([{ cidr: "0.0.0.0/0", max: 3 }]);
    expect(first).toEqual([{ cidr: "0.0.0.0/0", max: 2 }]);
    expect(finishDomainSettings(chain).sourceIpMaxSmtpOut).toEqual([{ cidr: "0.0.0.0/0", max: 3 }]);
  });

  it("ignores undefined keys of a layer and keeps null ones (null clears)", () => {
    const chain = mergeDomainLayer({ maxMsgRate: perHour(1), backoffMaxMsgRate: perHour(1) }, { maxMsgRate: undefined, backoffMaxMsgRate: null });
    expect(chain).toEqual({ maxMsgRate: perHour(1), backoffMaxMsgRate: null });
  });
});
