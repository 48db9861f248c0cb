import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listStoredDkimKeys } from "../../db/health-dkim-keys";
import { createTestDatabase, testProviders, type TestDatabase } from "../../db/testing/test-database";
import { memoryResolver } from "../../domain-health/testing/memory-resolver";
import { checkDomainHealth, domainHealthDeps } from "./check-domain-health";

const pemAndP = () => {
  const k = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return { pem: k.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), p: k.publicKey.export({ type: "spki", format: "der" }).toString("base64") };
};

describe.each(testProviders())("checkDomainHealth on %s", (provider) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-health-"));
  });
  afterAll(async () => {
    await t?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("checks the config's VirtualMTAs, its domain-key files and the console's stored keys", async () => {
    const file = pemAndP();
    const stored = pemAndP();
    fs.writeFileSync(path.join(dir, "s1.pem"), file.pem);
    const configPath = path.join(dir, "hermod.conf");
    fs.writeFileSync(configPath, ["<virtual-mta v1>", "  smtp-source-host 192.0.2.1 mta1.example.com", "  domain-key s1,one.example,s1.pem", "</virtual-mta>", ""].join("\n"));
    await t.db.dkimKey.create({ data: { selector: "c1", domain: "two.example", algorithm: "rsa-sha256", privateKeyPem: stored.pem, dnsRecord: "x", createdBy: "alice" } });
    const resolver = memoryResolver({
      ptr: { "192.0.2.1": ["mta1.example.com"] },
      a: { "mta1.example.com": ["192.0.2.1"] },
      txt: {
        "one.example": ["v=spf1 ip4:192.0.2.0/24 -all"],
        "s1._domainkey.one.example": [`v=DKIM1; p=${file.p}`],
        "_dmarc.one.example": ["v=DMARC1; p=none"],
        "c1._domainkey.two.example": [`v=DKIM1; p=${stored.p}`],
      },
    });
    const report = await checkDomainHealth(domainHealthDeps({ configPath, resolver, storedKeys: () => listStoredDkimKeys(t.db), timeoutMs: 500 }));
    expect(report.vmtas).toEqual([expect.objectContaining({ vmta: "v1", ip: "192.0.2.1", checks: [expect.objectContaining({ status: "pass" })] })]);
    const statuses = Object.fromEntries(report.domains.map((d) => [d.domain, d.checks.map((c) => `${c.kind}:${c.status}`)]));
    expect(statuses).toEqual({
      "one.example": ["spf:pass", "dkim:pass", "dmarc:pass"],
      "two.example": ["spf:fail", "dkim:pass", "dmarc:fail"],
    });
    expect(report.domains[1].keys).toEqual(["c1 (console)"]);
  });

  it("refuses with a clear message when the config file is missing or has errors", async () => {
    const deps = (configPath: string) => domainHealthDeps({ configPath, resolver: memoryResolver({}), storedKeys: async () => [] });
    await expect(checkDomainHealth(deps(path.join(dir, "nope.conf")))).rejects.toThrow(/cannot be read/);
    const broken = path.join(dir, "broken.conf");
    fs.writeFileSync(broken, "<virtual-mta v1>\n  max-smtp-out zero\n</virtual-mta>\n");
    await expect(checkDomainHealth(deps(broken))).rejects.toThrow(/has errors/);
  });
});
