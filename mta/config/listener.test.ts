import { describe, expect, it } from "vitest";
import { parseListenAddress } from "./listener";

describe("parseListenAddress", () => {
  it.each([
    ["127.0.0.1:2525", { kind: "address", host: "127.0.0.1", port: 2525 }],
    ["[::1]:25", { kind: "address", host: "::1", port: 25 }],
    ["[::]:587", { kind: "address", host: "::", port: 587 }],
    ["0/0:25", { kind: "address", host: "0.0.0.0", port: 25 }],
    ["0.0.0.0:26", { kind: "address", host: "0.0.0.0", port: 26 }],
    ["10.0.0.0/8:25", { kind: "range", cidr: "10.0.0.0/8", port: 25 }],
  ])("%s", (text, expected) => {
    expect(parseListenAddress(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["127.0.0.1", "expected ADDRESS:PORT"],
    ["::1:25", "write IPv6 addresses in brackets"],
    ["127.0.0.1:0", 'invalid port "0"'],
    ["localhost:25", 'invalid listener address "localhost"'],
    ["[nope]:25", '"nope" is not an IP address'],
  ])("rejects %s", (text, message) => {
    const r = parseListenAddress(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it("points at the port when only the port is wrong", () => {
    expect(parseListenAddress("1.2.3.4:70000")).toMatchObject({ ok: false, offset: 8 });
    expect(parseListenAddress("[::1]:x")).toMatchObject({ ok: false, offset: 6 });
  });
});
