import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditRepository } from "../../db/audit-repository";
import { createDkimKeyRepository } from "../../db/dkim-key-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "../../db/testing/test-database";
import { withConsoleDkimKeys } from "../../dkim/engine-keys";
import { ZGenerateDkimKeyInput, ZUploadDkimKeyInput } from "../../dkim/schemas";
import { ConflictError, ExpectedError, NotFoundError } from "../../errors";
import { compileConfigText } from "@/mta/index";
import { listDkimKeys } from "./list-dkim-keys";
import { deleteConsoleDkimKey, generateConsoleDkimKey, uploadConsoleDkimKey, type ManageDkimKeysDeps } from "./manage-dkim-keys";

describe.each(testProviders())("DKIM key use cases (%s)", (provider) => {
  let t: TestDatabase;
  let deps: ManageDkimKeysDeps;
  let reloads = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-dkim-svc-"));
  const configPath = path.join(dir, "hermod.conf");
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    deps = { keys: createDkimKeyRepository(t.db), audit: createAuditRepository(t.db), reloadEngine: async () => (reloads++, true) };
  });
  afterAll(async () => {
    await t?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("generates RSA and Ed25519 keys, stores them, audits, reloads the engine, and refuses a duplicate", async () => {
    const rsa = await generateConsoleDkimKey("alice", ZGenerateDkimKeyInput.parse({ selector: "S2026", domain: "Example.COM", algorithm: "rsa-sha256" }), deps);
    expect(rsa.key).toMatchObject({ selector: "s2026", domain: "example.com", algorithm: "rsa-sha256", createdBy: "alice" });
    expect(rsa.key.dnsRecord).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{300,}={0,2}$/);
    expect(rsa.message).toContain("The engine was reloaded.");
    const ed = await generateConsoleDkimKey("alice", { selector: "ed", domain: "example.com", algorithm: "ed25519-sha256" }, deps);
    expect(ed.key.dnsRecord).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    expect(reloads).toBe(2);
    await expect(generateConsoleDkimKey("bob", { selector: "s2026", domain: "example.com", algorithm: "ed25519-sha256" }, deps)).rejects.toBeInstanceOf(ConflictError);
    expect(reloads).toBe(2);
    const audit = await createAuditRepository(t.db).list({ limit: 10 });
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ["alice", "dkim-key.generate", "ed._domainkey.example.com"],
      ["alice", "dkim-key.generate", "s2026._domainkey.example.com"],
    ]);
    expect(JSON.stringify(audit)).not.toContain("PRIVATE KEY");
  });

  it("uploads an existing PEM (PKCS#1 RSA too) and refuses one that cannot sign", async () => {
    const pkcs1 = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const up = await uploadConsoleDkimKey("alice", ZUploadDkimKeyInput.parse({ selector: "old", domain: "brand.test", privateKeyPem: pkcs1 }), deps);
    expect(up.key).toMatchObject({ selector: "old", domain: "brand.test", algorithm: "rsa-sha256" });
    const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await expect(uploadConsoleDkimKey("alice", { selector: "ec", domain: "brand.test", privateKeyPem: ec }, deps)).rejects.toThrow(ExpectedError);
    await expect(uploadConsoleDkimKey("alice", { selector: "x", domain: "brand.test", privateKeyPem: "not a key" }, deps)).rejects.toThrow(/cannot sign: not a PEM private key/);
  });

  it("lists the config file's keys with file:line and the console's, merges the console's into the engine config, and deletes", async () => {
    const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    fs.writeFileSync(path.join(dir, "file.pem"), pem);
    const text = "domain-key file1,example.com,file.pem\n<virtual-mta v1>\n  domain-key vk,*,file.pem\n</virtual-mta>\n";
    fs.writeFileSync(configPath, text);
    const list = await listDkimKeys({ configPath, keys: createDkimKeyRepository(t.db) });
    expect(list.fileProblem).toBeNull();
    expect(list.rows.map((r) => [r.source, r.selector, r.domain, r.where])).toEqual([
      ["file", "vk", "*", "hermod.conf:3 (<virtual-mta v1>)"],
      ["file", "file1", "example.com", "hermod.conf:1"],
      ["console", "old", "brand.test", "console, by alice"],
      ["console", "ed", "example.com", "console, by alice"],
      ["console", "s2026", "example.com", "console, by alice"],
    ]);
    expect(list.rows[1].dnsRecord).toMatch(/^v=DKIM1; k=ed25519; p=/);
    expect(JSON.stringify(list)).not.toContain("PRIVATE KEY");

    const compiled = compileConfigText(text, { file: configPath });
    const merged = await withConsoleDkimKeys(compiled.config!, { keys: createDkimKeyRepository(t.db), log: console });
    expect(merged.domainKeys!.map((k) => [k.selector, k.file.startsWith("console:") ? "console" : "file"])).toEqual([
      ["file1", "file"],
      ["s2026", "console"],
      ["ed", "console"],
      ["old", "console"],
    ]);

    const id = list.rows.find((r) => r.selector === "old")!.id!;
    expect((await deleteConsoleDkimKey("bob", id, deps)).message).toContain("deleted");
    await expect(deleteConsoleDkimKey("bob", id, deps)).rejects.toBeInstanceOf(NotFoundError);
    expect((await createDkimKeyRepository(t.db).list()).map((k) => k.selector)).toEqual(["ed", "s2026"]);
  });

  it("reports a config file with errors instead of listing its keys", async () => {
    fs.writeFileSync(configPath, "domain-key s1,example.com,missing.pem\n");
    const list = await listDkimKeys({ configPath, keys: createDkimKeyRepository(t.db) });
    expect(list.fileProblem).toContain("hermod.conf has errors");
    expect(list.rows.every((r) => r.source === "console")).toBe(true);
  });
});

describe("withConsoleDkimKeys", () => {
  it("keeps the file's config when the database cannot be read", async () => {
    const config = compileConfigText("", { file: "/tmp/x/hermod.conf", readFile: () => "" }).config!;
    const logged: unknown[] = [];
    const out = await withConsoleDkimKeys(config, { keys: { listForEngine: () => Promise.reject(new Error("db down")) }, log: { warn: () => {}, error: (...a: unknown[]) => logged.push(a) } });
    expect(out).toBe(config);
    expect(logged).toHaveLength(1);
  });
});
