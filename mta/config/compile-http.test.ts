import { describe, expect, it } from "vitest";
import { httpAccessLevel } from "./http-access";
import { compileOk, compileText, errors, exactlyAt, warnings } from "./test-helpers";

const KEY_A = "a".repeat(32);
const KEY_B = "B_9".repeat(20);

describe("management service directives", () => {
  it("defaults to port 8080, read-only for this host, no API keys", () => {
    expect(compileOk("").http).toEqual({
      port: 8080,
      access: [
        { cidr: "127.0.0.1/32", level: "monitor" },
        { cidr: "::1/128", level: "monitor" },
      ],
      apiKeys: [],
    });
  });

  it("reads http-mgmt-port (0 disables), and the last repeat wins with a warning", () => {
    expect(compileOk("http-mgmt-port 0").http.port).toBe(0);
    const r = compileText("http-mgmt-port 9000\nhttp-mgmt-port 9001");
    expect(r.config?.http.port).toBe(9001);
    expect(warnings(r)).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("already set at /cfg/hermod.conf:1:1") })]);
  });

  it("rejects a bad port at its place", () => {
    expect(errors(compileText("\nhttp-mgmt-port 70000"))).toEqual([
      exactlyAt(2, 16, 'invalid http-mgmt-port "70000": expected a port from 1 to 65535, or 0 to disable the management service'),
    ]);
    expect(errors(compileText("http-mgmt-port 80 81"))[0]).toMatchObject({ col: 19, message: expect.stringContaining("one port number") });
    expect(errors(compileText("http-mgmt-port eighty"))[0].message).toContain('"eighty"');
  });

  it("an http-access list replaces the default list, in file order, with canonical CIDRs", () => {
    const config = compileOk(
      "http-access 10/8 admin\nhttp-access 0/0 monitor,deny-logs\nhttp-access ::1 OPERATOR\nhttp-access 192.168.1.7 none\nhttp-access 2001:db8::/32 monitor",
    );
    expect(config.http.access).toEqual([
      { cidr: "10.0.0.0/8", level: "admin" },
      { cidr: "0.0.0.0/0", level: "monitor" },
      { cidr: "::1/128", level: "operator" },
      { cidr: "192.168.1.7/32", level: "none" },
      { cidr: "2001:db8::/32", level: "monitor" },
    ]);
    expect(warnings(compileText("http-access 10/8 admin"))).toEqual([]);
  });

  it("reports bad http-access lines at the offending word", () => {
    expect(errors(compileText("http-access 10.0.0.0/33 admin"))[0]).toMatchObject({ line: 1, col: 13, message: expect.stringContaining("at most 32") });
    expect(errors(compileText("http-access 10/8 root"))).toEqual([
      exactlyAt(1, 18, 'invalid http-access level "root": expected none, monitor (or monitor,deny-logs), operator or admin'),
    ]);
    expect(errors(compileText("http-access 10/8"))[0].message).toContain("http-access takes CIDR LEVEL");
    expect(errors(compileText("http-access 10/8 admin extra"))[0]).toMatchObject({ col: 24, message: expect.stringContaining("CIDR LEVEL") });
  });

  it("reads repeatable API keys, warns about a repeat, and never prints a key in a diagnostic", () => {
    const r = compileText(`http-api-key ${KEY_A}\nhttp-api-key ${KEY_B}\nhttp-api-key ${KEY_A}`);
    expect(r.config?.http.apiKeys).toEqual([KEY_A, KEY_B]);
    expect(warnings(r)).toEqual([expect.objectContaining({ line: 3, message: "the same http-api-key is already given at /cfg/hermod.conf:1:1" })]);
    const short = "s3cretButShort";
    const bad = compileText(`http-api-key ${short}\nhttp-api-key ${"x".repeat(31)}-`);
    expect(errors(bad)).toEqual([
      exactlyAt(1, 14, "invalid http-api-key: expected 32 to 128 letters, digits or _ (it has 14 characters)"),
      exactlyAt(2, 14, "invalid http-api-key: expected 32 to 128 letters, digits or _ (it has a character other than a letter, digit or _)"),
    ]);
    expect(JSON.stringify(bad.diagnostics)).not.toContain(short);
    expect(errors(compileText(`http-api-key ${"k".repeat(129)}`))[0].message).toContain("129 characters");
  });
});

describe("httpAccessLevel", () => {
  const access = compileOk("http-access 127.0.0.1 admin\nhttp-access 10/8 operator\nhttp-access 10.1/16 none\nhttp-access ::1 monitor\nhttp-access 2001:db8::/32 operator").http.access;

  it("gives the first matching rule's level", () => {
    expect(httpAccessLevel(access, "127.0.0.1")).toBe("admin");
    expect(httpAccessLevel(access, "10.1.2.3")).toBe("operator");
    expect(httpAccessLevel(access, "::1")).toBe("monitor");
    expect(httpAccessLevel(access, "2001:db8:1::5")).toBe("operator");
  });

  it("treats IPv4-mapped IPv6 as IPv4", () => {
    expect(httpAccessLevel(access, "::ffff:127.0.0.1")).toBe("admin");
    expect(httpAccessLevel(access, "::ffff:10.9.9.9")).toBe("operator");
  });

  it("is none when nothing matches or the address is not one", () => {
    expect(httpAccessLevel(access, "192.0.2.1")).toBe("none");
    expect(httpAccessLevel(access, "2001:db9::1")).toBe("none");
    expect(httpAccessLevel(access, "not-an-ip")).toBe("none");
    expect(httpAccessLevel([], "127.0.0.1")).toBe("none");
  });

  it("the default list lets this host monitor only", () => {
    const stock = compileOk("").http.access;
    expect(httpAccessLevel(stock, "127.0.0.1")).toBe("monitor");
    expect(httpAccessLevel(stock, "::ffff:127.0.0.1")).toBe("monitor");
    expect(httpAccessLevel(stock, "::1")).toBe("monitor");
    expect(httpAccessLevel(stock, "10.0.0.1")).toBe("none");
  });
});
