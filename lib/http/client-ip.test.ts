import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFromHeaders, resolveClientIp } from "./client-ip";

describe("resolveClientIp", () => {
  it("uses the socket address and ignores X-Forwarded-For from untrusted peers", () => {
    expect(resolveClientIp("::ffff:10.0.0.5", "1.2.3.4", [])).toBe("10.0.0.5");
    expect(resolveClientIp("10.0.0.5", "1.2.3.4", ["10.0.0.1"])).toBe("10.0.0.5");
  });

  it("takes the right-most untrusted hop behind a trusted proxy", () => {
    expect(resolveClientIp("10.0.0.1", "6.6.6.6, 203.0.113.7", ["10.0.0.1"])).toBe("203.0.113.7");
    expect(resolveClientIp("10.0.0.1", "203.0.113.7, 10.0.0.2", ["10.0.0.1", "10.0.0.2"])).toBe("203.0.113.7");
    expect(resolveClientIp("10.0.0.1", undefined, ["10.0.0.1"])).toBe("10.0.0.1");
  });
});

describe("clientIpFromHeaders", () => {
  it("prefers the address stamped by server.ts", () => {
    const h = new Headers({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "1.2.3.4" });
    expect(clientIpFromHeaders((n) => h.get(n))).toBe("10.0.0.5");
    expect(clientIpFromHeaders((n) => new Headers({ "x-forwarded-for": "1.2.3.4, 5.6.7.8" }).get(n))).toBe("1.2.3.4");
    expect(clientIpFromHeaders(() => null)).toBe("unknown");
  });
});
