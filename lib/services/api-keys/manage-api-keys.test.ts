import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyRepository, hashApiKey } from "../../db/api-key-repository";
import { createAuditRepository } from "../../db/audit-repository";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { NotFoundError } from "../../errors";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey, listApiKeys, revokeApiKey, type ManageApiKeysDeps } from "./manage-api-keys";

describe("API key use cases", () => {
  let t: TestDatabase;
  let deps: ManageApiKeysDeps;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    deps = { keys: createApiKeyRepository(t.db), audit: createAuditRepository(t.db), now: () => new Date("2026-11-28T01:00:00Z") };
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("creates a key shown once, lists it without the secret, revokes it, and audits both", async () => {
    const { key, secret } = await createApiKey("alice", { name: "grafana", role: "operator" }, deps);
    expect(JSON.stringify(await listApiKeys(deps))).not.toContain(secret);
    const auth = { directiveKeys: [], keys: createApiKeyRepository(t.db), now: () => new Date() };
    expect(await authenticateApiKey(secret, auth)).toEqual({ role: "operator", actor: "api-key:grafana" });
    expect((await revokeApiKey("alice", key.id, deps)).revokedAt).toBe("2026-11-28T01:00:00.000Z");
    expect(await authenticateApiKey(secret, auth)).toBeNull();
    await expect(revokeApiKey("alice", key.id, deps)).rejects.toBeInstanceOf(NotFoundError);
    const audit = await createAuditRepository(t.db).list({ limit: 10 });
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ["alice", "api-key.revoke", "grafana"],
      ["alice", "api-key.create", "grafana"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(hashApiKey(secret));
  });
});
