import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfigText } from "./default-config";
import { DEFAULT_DOMAIN_SETTINGS } from "./defaults";
import { formatDiagnostic } from "./diagnostics";
import { loadConfigFile } from "./load";
import { resolveDomain, resolveSource } from "./resolve";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const hostName = () => "mta.test";

describe("fixtures/default.conf", () => {
  it("is exactly what Hermod writes on first start", () => {
    expect(readFileSync(fixture("default.conf"), "utf8")).toBe(defaultConfigText());
  });

  it("compiles with zero diagnostics", async () => {
    const r = await loadConfigFile(fixture("default.conf"), { defaultHostName: hostName });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.config).not.toBeNull();
  });

  it("writes the defaults out: resolving it gives Hermod's defaults", async () => {
    const { config } = await loadConfigFile(fixture("default.conf"), { defaultHostName: hostName });
    if (!config) throw new Error("no config");
    expect(config.listeners.map((l) => `${l.host}:${l.port}`)).toEqual(["127.0.0.1:2525"]);
    expect(resolveDomain(config, "example.com")).toEqual(DEFAULT_DOMAIN_SETTINGS);
    expect(resolveSource(config, "127.0.0.1").alwaysAllowRelaying).toBe(true);
    expect(resolveSource(config, "::1").alwaysAllowRelaying).toBe(true);
    expect(resolveSource(config, "192.0.2.7").alwaysAllowRelaying).toBe(false);
    expect(config.acctFiles).toEqual([
      { path: fixture("acct.csv"), records: ["d", "b", "t"], origin: expect.objectContaining({ line: expect.any(Number) }) },
    ]);
  });
});

describe("fixtures/realistic", () => {
  const load = () => loadConfigFile(fixture("realistic/hermod.conf"), { defaultHostName: hostName });

  it("loads with warnings only, each naming the directive and its place", async () => {
    const r = await load();
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.file.split("/fixtures/")[1]}:${d.line}: ${d.message.split(" ")[0]}`)).toEqual([
      "realistic/hermod.conf:30: `move-interval`",
    ]);
  });

  it("compiles listeners, sources, routes and accounting", async () => {
    const { config } = await load();
    if (!config) throw new Error("no config");
    expect(config.hostName).toBe("mta1.example.net");
    expect(config.totalMaxSmtpOut).toBe(1200);
    expect(config.virtualMtas).toEqual([
      expect.objectContaining({ name: "vmta1", sourceHosts: [{ ip: "10.0.0.11", hostName: "out1.example.net" }] }),
    ]);
    expect(config.listeners.map((l) => [l.host, l.port, l.source])).toEqual([
      ["10.0.0.10", 25, undefined],
      ["::1", 25, undefined],
      ["10.0.0.10", 587, "submission"],
    ]);
    expect(config.acctFiles.map((a) => [a.path, a.records])).toEqual([
      ["/var/log/hermod/acct.csv", ["d", "b"]],
      [fixture("realistic/diag/transient.csv"), ["t", "tq"]],
    ]);
    expect(resolveDomain(config, "internal.example.net")).toMatchObject({
      smtpHosts: [
        [
          { host: "10.0.1.25", port: 2525, literal: true },
          { host: "10.0.1.26", port: 2525, literal: true },
        ],
        [{ host: "relay.example.net", literal: false }],
      ],
      defaultSmtpPort: 2525,
    });
    expect(resolveDomain(config, "db.internal.example.net").smtpHosts).toEqual([[{ host: "fd00::25", port: 25, literal: true }]]);
  });

  it("applies macros, explicit-beats-macro and inheritance", async () => {
    const { config } = await load();
    if (!config) throw new Error("no config");
    expect(resolveDomain(config, "ymail.co.uk")).toMatchObject({ maxSmtpOut: 10, maxMsgPerConnection: 50, retryAfter: [600_000, 1_200_000, 3_600_000] });
    expect(resolveDomain(config, "aol.com").maxSmtpOut).toBe(10);
    expect(resolveDomain(config, "yahoo.com")).toMatchObject({ maxSmtpOut: 30, maxMsgPerConnection: 50 });
    expect(resolveDomain(config, "mail.hotmail.com")).toMatchObject({ maxRcptPerTransaction: 100, retryAfter: [300_000], maxSmtpOut: 20 });
    expect(resolveDomain(config, "gmail.com")).toMatchObject({ maxSmtpOut: 20, maxMsgPerConnection: 0 });
  });

  it("resolves feeders by address and by the listener's named source", async () => {
    const { config } = await load();
    if (!config) throw new Error("no config");
    expect(resolveSource(config, "10.0.0.42")).toMatchObject({ alwaysAllowRelaying: true, maxMessageSize: 25 * 1024 ** 2, maxRcptPerMessage: 100 });
    expect(resolveSource(config, "203.0.113.1")).toMatchObject({ alwaysAllowRelaying: false, maxMessageSize: 10 * 1024 ** 2 });
    expect(resolveSource(config, "203.0.113.1", "submission")).toMatchObject({ alwaysAllowRelaying: true, maxMessageSize: 5 * 1024 ** 2 });
    expect(resolveSource(config, "::ffff:127.0.0.1").alwaysAllowRelaying).toBe(true);
  });
});
