import { describe, expect, it } from "vitest";
import { cidrContains, formatCidr, formatIp, parseCidr, parseIp } from "./cidr";

const canonical = (text: string) => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.message);
  return formatCidr(r.value);
};

describe("parseCidr", () => {
  it.each([
    ["10/8", "10.0.0.0/8"],
    ["0/0", "0.0.0.0/0"],
    ["127.0.0.1", "127.0.0.1/32"],
    ["192.168.0.0/16", "192.168.0.0/16"],
    ["10.1/16", "10.1.0.0/16"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["::1", "::1/128"],
    ["::/0", "::/0"],
    ["2001:DB8::/32", "2001:db8::/32"],
    ["fe80::1:2/64", "fe80::/64"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["::ffff:127.0.0.1", "127.0.0.1/32"],
  ])("%s → %s", (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    ["10/33", "an IPv4 prefix length is at most 32"],
    ["::/129", "an IPv6 prefix length is at most 128"],
    ["300.1.1.1", "not an IPv4 address"],
    ["10.1", "expected a full IPv4 address or ADDRESS/PREFIX"],
    ["1.2.3.4/x", "the prefix length must be a number"],
    ["::g", "not an IPv6 address"],
    ["1.2.3.4.5/8", "an IPv4 address has four parts"],
  ])("rejects %s (%s)", (text, why) => {
    expect(parseCidr(text)).toEqual({ ok: false, message: `invalid CIDR "${text}": ${why}` });
  });
});

describe("parseIp / formatIp", () => {
  it("parses IPv4, IPv6 and maps IPv4-mapped IPv6 to IPv4", () => {
    expect(parseIp("127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp("::ffff:127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp("::ffff:7f00:1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp("::1")).toEqual({ family: 6, value: 1n });
    expect(parseIp("fe80::1%eth0")).toBeNull();
    expect(parseIp("example.com")).toBeNull();
    expect(parseIp("1.2.3")).toBeNull();
  });

  it("formats IPv6 the RFC 5952 way", () => {
    const f = (t: string) => formatIp(parseIp(t)!);
    expect(f("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(f("2001:db8:0:1:0:0:0:1")).toBe("2001:db8:0:1::1");
    expect(f("::")).toBe("::");
    expect(f("1:2:3:4:5:6:7:8")).toBe("1:2:3:4:5:6:7:8");
  });
});

describe("cidrContains", () => {
  it.each([
    ["10/8", "10.200.1.1", true],
    ["10/8", "11.0.0.1", false],
    ["0/0", "203.0.113.9", true],
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["127.0.0.1", "::ffff:127.0.0.1", true],
    ["10/8", "::ffff:10.1.2.3", true],
    ["0/0", "::ffff:8.8.8.8", true],
    ["::1", "::1", true],
    ["::1", "127.0.0.1", false],
    ["0/0", "::1", false],
    ["::/0", "2001:db8::5", true],
    ["::/0", "10.0.0.1", false],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["192.168.0.0/16", "192.168.255.255", true],
    ["192.168.0.0/16", "192.169.0.0", false],
  ])("%s contains %s: %s", (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });

  it("never matches invalid input", () => {
    expect(cidrContains("10/99", "10.0.0.1")).toBe(false);
    expect(cidrContains("10/8", "not-an-ip")).toBe(false);
  });
});
