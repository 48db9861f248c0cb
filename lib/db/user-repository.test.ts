import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../errors";
import { createAuditRepository } from "./audit-repository";
import { createTestDatabase, testProviders, type TestDatabase } from "./testing/test-database";
import { LastAdminError, UsernameTakenError, createUserRepository } from "./user-repository";

describe.each(testProviders())("user and audit repositories on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("creates, lists and finds users without leaking the hash", async () => {
    const users = createUserRepository(t.db);
    const alice = await users.create({ username: "alice", role: "admin", passwordHash: "hash-a" });
    await users.create({ username: "bob", role: "viewer", passwordHash: "hash-b" });
    expect(alice).not.toHaveProperty("passwordHash");
    expect((await users.list()).map((u) => u.username)).toEqual(["alice", "bob"]);
    expect(await users.findById(alice.id)).toMatchObject({ username: "alice", role: "admin", disabled: false, lastLoginAt: null });
    expect(await users.findCredentials("alice")).toMatchObject({ id: alice.id, passwordHash: "hash-a" });
    expect(await users.findCredentials("nobody")).toBeNull();
    await expect(users.create({ username: "alice", role: "viewer", passwordHash: "x" })).rejects.toBeInstanceOf(UsernameTakenError);
  });

  it("never removes the last active admin, by demotion or by disabling", async () => {
    const users = createUserRepository(t.db);
    const alice = (await users.findCredentials("alice"))!;
    await expect(users.update(alice.id, { role: "operator" })).rejects.toBeInstanceOf(LastAdminError);
    await expect(users.update(alice.id, { disabled: true })).rejects.toBeInstanceOf(LastAdminError);
    expect(await users.findById(alice.id)).toMatchObject({ role: "admin", disabled: false });

    const bob = (await users.findCredentials("bob"))!;
    const { before, after } = await users.update(bob.id, { role: "admin" });
    expect([before.role, after.role]).toEqual(["viewer", "admin"]);
    // With a second active admin, the first may step down.
    expect((await users.update(alice.id, { role: "operator" })).after.role).toBe("operator");
    // A disabled admin does not count as the remaining one.
    await users.update(alice.id, { role: "admin", disabled: true });
    await expect(users.update(bob.id, { disabled: true })).rejects.toBeInstanceOf(LastAdminError);
    await expect(users.update("missing", { disabled: true })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates the first user only while the table is empty", async () => {
    const users = createUserRepository(t.db);
    expect(await users.createIfNoUsers({ username: "first", role: "admin", passwordHash: "h" })).toBeNull();
  });

  it("records logins and audit events", async () => {
    const users = createUserRepository(t.db);
    const audit = createAuditRepository(t.db);
    const bob = (await users.findCredentials("bob"))!;
    const at = new Date("2026-01-02T03:04:05.000Z");
    await users.recordLogin(bob.id, at);
    expect((await users.findById(bob.id))!.lastLoginAt?.toISOString()).toBe(at.toISOString());

    await audit.record({ actor: "alice", action: "user.create", target: "bob", detail: { role: "viewer" } });
    await audit.record({ actor: "bob", action: "auth.login", target: "bob" });
    const events = await audit.list({ limit: 10 });
    expect(events.map((e) => e.action)).toEqual(["auth.login", "user.create"]);
    expect(events[1]).toMatchObject({ actor: "alice", target: "bob", detail: { role: "viewer" } });
    expect(await audit.list({ limit: 10, action: "user.create" })).toHaveLength(1);
  });
});
