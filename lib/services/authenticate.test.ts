import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEmptyDatabase } from "../db/testing/test-database";

vi.mock("server-only", () => ({}));

// authenticate() uses the process-wide client: point it at a fresh, migrated SQLite file first.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-auth-"));
let drop: () => Promise<void>;

beforeAll(async () => {
  const empty = await createEmptyDatabase("sqlite");
  drop = empty.drop;
  process.env.HERMOD_DATA_DIR = dataDir;
  process.env.DATABASE_URL = empty.url;
  const { migrateDatabase } = await import("../db/migrate");
  await migrateDatabase(empty.url, { prismaDir: path.resolve(__dirname, "../../prisma") });
  const { createUserRepository } = await import("../db/user-repository");
  const { hashPassword } = await import("../auth/password");
  const users = createUserRepository();
  const hash = await hashPassword("right-password-123");
  await users.create({ username: "alice", role: "operator", passwordHash: hash });
  const carol = await users.create({ username: "carol", role: "viewer", passwordHash: hash });
  await users.update(carol.id, { disabled: true });
});

afterAll(async () => {
  const { disconnectDb } = await import("../db/client");
  await disconnectDb();
  await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("authenticate", () => {
  it("accepts the right password and records the login", async () => {
    const { authenticate } = await import("./authenticate");
    const result = await authenticate({ username: " Alice ", password: "right-password-123", ip: "10.0.0.1" });
    expect(result).toMatchObject({ ok: true, user: { username: "alice", role: "operator" } });
    const { createAuditRepository } = await import("../db/audit-repository");
    expect((await createAuditRepository().list({ limit: 1 }))[0]).toMatchObject({ action: "auth.login", target: "alice", detail: { ip: "10.0.0.1" } });
  });

  it("answers unknown user, disabled user and wrong password identically, in similar time", async () => {
    const { authenticate } = await import("./authenticate");
    const timed = async (username: string, password: string) => {
      const start = performance.now();
      const result = await authenticate({ username, password, ip: `10.1.0.${username.length}` });
      return { result, ms: performance.now() - start };
    };
    const unknown = await timed("nobody", "whatever-password");
    const wrong = await timed("alice", "wrong-password-123");
    const disabled = await timed("carol", "right-password-123");
    for (const r of [unknown, wrong, disabled]) expect(r.result).toEqual({ ok: false, reason: "invalid" });
    // Both paths pay for one bcrypt comparison; without the dummy hash "unknown" would be ~0 ms.
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.5);
  });

  it("locks out after 5 failures and audits the lockout", async () => {
    const { authenticate } = await import("./authenticate");
    for (let i = 0; i < 5; i++) await authenticate({ username: "alice", password: "nope-nope-nope", ip: "10.9.9.9" });
    const refused = await authenticate({ username: "alice", password: "right-password-123", ip: "10.9.9.9" });
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited", message: "Too many attempts. Try again in 10 minutes." });
    // From another address the same account still works.
    expect((await authenticate({ username: "alice", password: "right-password-123", ip: "10.9.9.8" })).ok).toBe(true);
    const { createAuditRepository } = await import("../db/audit-repository");
    expect(await createAuditRepository().list({ limit: 5, action: "auth.lockout" })).toHaveLength(1);
  });
});
