import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyRepository, hashApiKey } from "./api-key-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";

describe.each(testProviders())("API key repository on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("stores only the hash and finds active keys by it", async () => {
    const keys = createApiKeyRepository(t.db);
    const { key, secret } = await keys.create({ name: "grafana", role: "viewer", createdBy: "alice" });
    expect(secret).toMatch(/^hk_[0-9a-f]{64}$/);
    expect(key).toMatchObject({ name: "grafana", role: "viewer", createdBy: "alice", prefix: secret.slice(0, 10), lastUsedAt: null, revokedAt: null });
    expect(key).not.toHaveProperty("hash");
    const raw = await t.db.apiKey.findUnique({ where: { id: key.id } });
    expect(raw?.hash).toBe(hashApiKey(secret));
    expect(JSON.stringify(raw)).not.toContain(secret);
    expect(await keys.findActiveByHash(hashApiKey(secret))).toMatchObject({ id: key.id, role: "viewer" });
    expect(await keys.findActiveByHash(hashApiKey("hk_wrong"))).toBeNull();
  });

  it("records use and revokes once", async () => {
    const keys = createApiKeyRepository(t.db);
    const { key, secret } = await keys.create({ name: "ops", role: "operator", createdBy: "alice" });
    const at = new Date("2026-11-28T01:00:00Z");
    await keys.touch(key.id, at);
    expect((await keys.list()).find((k) => k.id === key.id)?.lastUsedAt?.toISOString()).toBe(at.toISOString());
    expect(await keys.revoke(key.id, at)).toMatchObject({ id: key.id, revokedAt: at });
    expect(await keys.revoke(key.id, at)).toBeNull();
    expect(await keys.revoke("missing", at)).toBeNull();
    expect(await keys.findActiveByHash(hashApiKey(secret))).toBeNull();
  });

  it("replaces the CLI's key at each start", async () => {
    const keys = createApiKeyRepository(t.db);
    const first = await keys.replace({ name: "cli", role: "admin", createdBy: "system" });
    const second = await keys.replace({ name: "cli", role: "admin", createdBy: "system" });
    expect(await keys.findActiveByHash(hashApiKey(first.secret))).toBeNull();
    expect(await keys.findActiveByHash(hashApiKey(second.secret))).toMatchObject({ name: "cli", role: "admin" });
    // A key an admin happened to name "cli" is not touched.
    const own = await keys.create({ name: "cli", role: "viewer", createdBy: "alice" });
    await keys.replace({ name: "cli", role: "admin", createdBy: "system" });
    expect(await keys.findActiveByHash(hashApiKey(own.secret))).not.toBeNull();
    expect((await keys.list()).filter((k) => k.name === "cli")).toHaveLength(2);
  });
});
