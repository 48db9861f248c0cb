import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENHANCED_STATUS, deriveEnhancedStatus, dsnStatusText, enhancedStatusOf, parseSmtpReply } from "./status-text";

describe("dsnStatusText", () => {
  it.each([
    ["2.0.0", "2.0.0 (success)"],
    ["5.1.1", "5.1.1 (bad destination mailbox address)"],
    ["5.1.2", "5.1.2 (bad destination system: no such domain)"],
    ["4.4.7", "4.4.7 (delivery time expired)"],
    ["4.4.1", "4.4.1 (no answer from host)"],
    ["5.7.1", "5.7.1 (delivery not authorized, message refused)"],
    ["5.0.0", "5.0.0 (undefined status)"],
    ["4.0.0", "4.0.0 (undefined status)"],
    ["2.1.5", "2.1.5 (destination address valid)"],
  ])("%s", (code, text) => {
    expect(dsnStatusText(code)).toBe(text);
  });

  it("falls back to the subject's generic text, then to undefined status", () => {
    expect(dsnStatusText("5.7.99")).toBe("5.7.99 (other or undefined security status)");
    expect(dsnStatusText("5.9.9")).toBe("5.9.9 (undefined status)");
    expect(dsnStatusText("2.6.99")).toBe("2.6.99 (success)");
    expect(dsnStatusText("2.6.0")).toBe("2.6.0 (success)");
    expect(dsnStatusText("2.9.9")).toBe("2.9.9 (success)");
  });

  it("normalises leading zeros and never throws on malformed codes", () => {
    expect(dsnStatusText("5.01.001")).toBe("5.1.1 (bad destination mailbox address)");
    expect(dsnStatusText("4.x")).toBe("4.0.0 (undefined status)");
    expect(dsnStatusText("")).toBe("5.0.0 (undefined status)");
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(dsnStatusText(s)).toMatch(/^[245]\.\d{1,3}\.\d{1,3} \(.+\)$/);
      }),
    );
  });
});

describe("parseSmtpReply", () => {
  it("parses a one-line reply", () => {
    expect(parseSmtpReply("550 5.1.1 <x@y>: Recipient address rejected: User unknown")).toEqual({
      code: 550,
      enhanced: "5.1.1",
      text: "<x@y>: Recipient address rejected: User unknown",
    });
  });

  it("joins a multi-line reply and drops repeated codes", () => {
    const r = parseSmtpReply("550-5.1.1 The email account\r\n550-5.1.1 does not exist.\r\n550 5.1.1  https://x - gsmtp\r\n");
    expect(r).toEqual({ code: 550, enhanced: "5.1.1", text: "The email account does not exist. https://x - gsmtp" });
  });

  it("handles replies without an enhanced code, with #, and the dsnDiag smtp; prefix", () => {
    expect(parseSmtpReply("250 Ok")).toEqual({ code: 250, enhanced: null, text: "Ok" });
    expect(parseSmtpReply("250")).toEqual({ code: 250, enhanced: null, text: "" });
    expect(parseSmtpReply("550 #5.1.0 Address rejected")).toEqual({ code: 550, enhanced: "5.1.0", text: "Address rejected" });
    expect(parseSmtpReply("smtp;421 4.4.2 bye")).toEqual({ code: 421, enhanced: "4.4.2", text: "bye" });
  });

  it("drops an enhanced code whose class contradicts the basic code", () => {
    expect(parseSmtpReply("550 2.1.5 ok?").enhanced).toBeNull();
  });

  it("reads local reasons", () => {
    expect(parseSmtpReply("Connection timed out")).toEqual({ code: 0, enhanced: null, text: "Connection timed out" });
    expect(parseSmtpReply("4.4.7 delivery time expired")).toEqual({ code: 0, enhanced: "4.4.7", text: "delivery time expired" });
  });
});

describe("deriveEnhancedStatus", () => {
  it("maps reply classes", () => {
    expect(deriveEnhancedStatus(250)).toBe("2.0.0");
    expect(deriveEnhancedStatus(451)).toBe("4.0.0");
    expect(deriveEnhancedStatus(554)).toBe("5.0.0");
    expect(deriveEnhancedStatus(0)).toBe("5.0.0");
    expect(enhancedStatusOf(parseSmtpReply("421 busy"))).toBe("4.0.0");
    expect(enhancedStatusOf(parseSmtpReply("550 5.7.26 x"))).toBe("5.7.26");
  });

  it("always yields a valid Status", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(enhancedStatusOf(parseSmtpReply(s))).toMatch(ENHANCED_STATUS);
      }),
    );
  });
});
