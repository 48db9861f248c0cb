import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password";
import { createAuditRepository } from "../db/audit-repository";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { createUserRepository } from "../db/user-repository";
import { ensureAdminUser, firstStartBanner } from "./ensure-admin";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(async () => {
  await t?.cleanup();
});

describe("ensureAdminUser", () => {
  it("creates admin with a random password printed once, and never again", async () => {
    const users = createUserRepository(t.db);
    const audit = createAuditRepository(t.db);
    const printed: string[] = [];
    const deps = { users, audit, adminPassword: null, loginUrl: "http://127.0.0.1:3000", print: (s: string) => printed.push(s) };

    await ensureAdminUser(deps);
    expect(printed).toHaveLength(1);
    const password = /as admin \/ (\S+)/.exec(printed[0])?.[1];
    expect(password).toHaveLength(24);
    const creds = await users.findCredentials("admin");
    expect(creds?.role).toBe("admin");
    expect(await verifyPassword(password!, creds!.passwordHash)).toBe(true);
    expect((await audit.list({ limit: 5, action: "user.create" }))[0].detail).toMatchObject({ firstStart: true, passwordFrom: "generated" });

    await ensureAdminUser(deps);
    expect(printed).toHaveLength(1);
    expect(await users.count()).toBe(1);
  });

  it("draws the banner as a box", () => {
    const lines = firstStartBanner("http://h:1", "pw").split("\n");
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines.join("\n")).toContain("Log in at http://h:1 as admin / pw");
  });
});

describe("ensureAdminUser with HERMOD_ADMIN_PASSWORD", () => {
  it("uses the given password and does not print it", async () => {
    const fresh = await createTestDatabase("sqlite");
    try {
      const printed: string[] = [];
      const users = createUserRepository(fresh.db);
      await ensureAdminUser({ users, audit: createAuditRepository(fresh.db), adminPassword: "correct horse battery", loginUrl: "x", print: (s) => printed.push(s) });
      expect(await verifyPassword("correct horse battery", (await users.findCredentials("admin"))!.passwordHash)).toBe(true);
      expect(printed.join("\n")).not.toContain("correct horse battery");
    } finally {
      await fresh.cleanup();
    }
  });
});
