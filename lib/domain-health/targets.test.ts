import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileConfigText, parseConfigText } from "@/mta/index";
import { runHealthChecks } from "./run-checks";
import { collectTargets } from "./targets";
import { memoryResolver } from "./testing/memory-resolver";

const CONFIG_PATH = "/etc/hermod/hermod.conf";
const TEXT = [
  "host-name mta.example.com",
  "domain-key g1,global.example,keys/global.pem",
  "<virtual-mta v1>",
  "  smtp-source-host 192.0.2.1 mta1.example.com",
  "  domain-key s1,one.example,/keys/one.pem",
  "</virtual-mta>",
  "<virtual-mta v2>",
  "  smtp-source-host 192.0.2.2 mta2.example.com",
  "</virtual-mta>",
  "<virtual-mta v3>",
  "</virtual-mta>",
  "<virtual-mta-pool p>",
  "  virtual-mta v2",
  "  domain-key s2,pool.example,/keys/pool.pem",
  "</virtual-mta-pool>",
  "domain-key any,*,/keys/any.pem",
  "",
].join("\n");

function targetsOf(stored: { selector: string; domain: string; privateKeyPem: string }[] = []) {
  // The engine reads domain-key files when it compiles; these files exist only behind the checks' own
  // port, so the VirtualMTAs come from the text without its domain-key lines.
  const withoutKeys = TEXT.split("\n").filter((line) => !line.trim().startsWith("domain-key")).join("\n");
  const compiled = compileConfigText(withoutKeys, { file: CONFIG_PATH, defaultHostName: () => "mta.example.com" });
  return collectTargets(compiled.config!, parseConfigText(TEXT, CONFIG_PATH).nodes, CONFIG_PATH, stored);
}

describe("collectTargets", () => {
  it("lists each source address with its HELO name, and each signing domain with the addresses that send for it", () => {
    const t = targetsOf([{ selector: "c1", domain: "Console.example", privateKeyPem: "PEM" }]);
    expect(t.sources).toEqual([
      { vmta: "v1", ip: "192.0.2.1", helo: "mta1.example.com" },
      { vmta: "v2", ip: "192.0.2.2", helo: "mta2.example.com" },
    ]);
    const byDomain = Object.fromEntries(t.domains.map((d) => [d.domain, d]));
    expect(byDomain["global.example"]).toMatchObject({ ips: ["192.0.2.1", "192.0.2.2"], keys: [{ selector: "g1", file: "/etc/hermod/keys/global.pem", source: "domain-key, hermod.conf:2" }] });
    expect(byDomain["one.example"].ips).toEqual(["192.0.2.1"]);
    expect(byDomain["pool.example"].ips).toEqual(["192.0.2.2"]);
    expect(byDomain["console.example"]).toMatchObject({ keys: [{ selector: "c1", source: "console", pem: "PEM" }] });
    expect(t.notes.join("\n")).toMatch(/<virtual-mta v3> has no smtp-source-host/);
    expect(t.notes.join("\n")).toMatch(/any,\*/);
  });
});

describe("runHealthChecks", () => {
  it("reports every check per VirtualMTA address and per domain, reading key files through its port", async () => {
    const key = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const p = key.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const resolver = memoryResolver({
      ptr: { "192.0.2.1": ["mta1.example.com"], "192.0.2.2": ["other.example.net"] },
      a: { "mta1.example.com": ["192.0.2.1"] },
      txt: {
        "one.example": ["v=spf1 ip4:192.0.2.1 -all"],
        "s1._domainkey.one.example": [`v=DKIM1; k=rsa; p=${p}`],
        "_dmarc.one.example": ["v=DMARC1; p=quarantine"],
      },
    });
    const files: Record<string, string> = { "/keys/one.pem": pem };
    const report = await runHealthChecks(targetsOf(), {
      resolver,
      timeoutMs: 200,
      readKeyFile: async (f) => {
        if (!(f in files)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
        return files[f];
      },
      now: () => new Date("2026-01-01T00:00:00Z"),
    });
    expect(report.checkedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(report.vmtas.map((v) => [v.vmta, v.checks[0].status])).toEqual([["v1", "pass"], ["v2", "fail"]]);
    const one = report.domains.find((d) => d.domain === "one.example")!;
    expect(one.checks.map((c) => [c.kind, c.status])).toEqual([["spf", "pass"], ["dkim", "pass"], ["dmarc", "pass"]]);
    const pool = report.domains.find((d) => d.domain === "pool.example")!;
    expect(pool.checks.map((c) => [c.kind, c.status])).toEqual([["spf", "fail"], ["dkim", "fail"], ["dmarc", "fail"]]);
    expect(pool.checks[1].found).toContain("ENOENT");
  });
});
