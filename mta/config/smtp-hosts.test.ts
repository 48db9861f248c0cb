import { describe, expect, it } from "vitest";
import { parseSmtpHosts } from "./smtp-hosts";

describe("parseSmtpHosts", () => {
  it("splits preference levels on ';' and equal hosts on ','", () => {
    expect(parseSmtpHosts("mx1.example.com, mx2.example.com:2525; [10.1.1.1]:2525; last.example.net")).toEqual({
      ok: true,
      value: {
        kind: "hosts",
        levels: [
          [
            { host: "mx1.example.com", literal: false },
            { host: "mx2.example.com", port: 2525, literal: false },
          ],
          [{ host: "10.1.1.1", port: 2525, literal: true }],
          [{ host: "last.example.net", literal: false }],
        ],
      },
    });
  });

  it("reads IPv4 and IPv6 literals with and without ports", () => {
    const r = parseSmtpHosts("[127.0.0.1]:2600, [IPv6:::1]:25, [IPv6:2001:DB8::1], [1.2.3.4]");
    expect(r).toEqual({
      ok: true,
      value: {
        kind: "hosts",
        levels: [
          [
            { host: "127.0.0.1", port: 2600, literal: true },
            { host: "::1", port: 25, literal: true },
            { host: "2001:db8::1", literal: true },
            { host: "1.2.3.4", literal: true },
          ],
        ],
      },
    });
  });

  it("takes a bare IP address as a literal", () => {
    expect(parseSmtpHosts("10.0.0.5")).toEqual({ ok: true, value: { kind: "hosts", levels: [[{ host: "10.0.0.5", literal: true }]] } });
  });

  it("recognises lookup-mx: and says where it is", () => {
    expect(parseSmtpHosts("a.example; lookup-mx:gmail.com")).toEqual({ ok: true, value: { kind: "lookup-mx", offset: 11 } });
  });

  it.each([
    ["mx.example.com:0", 15, 'invalid port "0"'],
    ["mx.example.com:99999", 15, 'invalid port "99999"'],
    ["a.example, [1.2.3.4]:x", 21, 'invalid port "x"'],
    ["a.example;; b.example", 10, "empty entry"],
    ["a.example,,b.example", 10, "empty entry"],
    ["[IPv6:1.2.3.4]", 0, "invalid address literal"],
    ["[::1]", 0, "invalid address literal"],
    ["bad host", 0, 'invalid host "bad host"'],
  ])("rejects %j at offset %d", (text, offset, message) => {
    const r = parseSmtpHosts(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.offset).toBe(offset);
      expect(r.message).toContain(message);
    }
  });
});
