import { describe, expect, it } from "vitest";
import { authservIdOf, removeForgedResults } from "./forged";

describe("authserv-id (RFC 8601 §2.2)", () => {
  it("reads the token or quoted string after any comments, lower-cased", () => {
    expect(authservIdOf("MX.Hermod.Test; spf=pass")).toBe("mx.hermod.test");
    expect(authservIdOf(" (forged (nested)) mx.hermod.test 1; none")).toBe("mx.hermod.test");
    expect(authservIdOf('"mx.hermod.test"; dkim=pass')).toBe("mx.hermod.test");
    expect(authservIdOf("mx.hermod.test;dkim=pass")).toBe("mx.hermod.test");
    expect(authservIdOf("")).toBe("");
  });
});

describe("removeForgedResults", () => {
  it("drops folded Authentication-Results fields with our authserv-id and keeps everyone else's", () => {
    const section = [
      "Authentication-Results: mx.hermod.test;",
      "\tspf=pass smtp.mailfrom=ceo@bank.test;",
      "\tdkim=pass header.d=bank.test",
      "Authentication-Results: mx.other.test; spf=fail",
      "authentication-results: (x) MX.HERMOD.TEST; dmarc=pass",
      "From: a@b.test",
      "Subject: mx.hermod.test; spf=pass",
      "",
    ].join("\r\n");
    expect(removeForgedResults(section, "mx.hermod.test")).toBe("Authentication-Results: mx.other.test; spf=fail\r\nFrom: a@b.test\r\nSubject: mx.hermod.test; spf=pass\r\n");
  });

  it("keeps a host name that only starts like ours", () => {
    const section = "Authentication-Results: mx.hermod.test.evil; spf=pass\r\n";
    expect(removeForgedResults(section, "mx.hermod.test")).toBe(section);
  });
});
