import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AUTH_SECRET_FILE, ensureAuthSecret } from "./secret";

let dir: string;
const saved = { NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET, AUTH_SECRET: process.env.AUTH_SECRET };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-secret-"));
  delete process.env.NEXTAUTH_SECRET;
  delete process.env.AUTH_SECRET;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

describe("ensureAuthSecret", () => {
  it("generates a secret once, keeps it private in the data dir and reuses it", () => {
    const first = ensureAuthSecret(dir);
    const file = path.join(dir, AUTH_SECRET_FILE);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(process.env.NEXTAUTH_SECRET).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    delete process.env.NEXTAUTH_SECRET;
    expect(ensureAuthSecret(dir)).toBe(first);
  });

  it("prefers NEXTAUTH_SECRET or AUTH_SECRET and writes no file", () => {
    process.env.AUTH_SECRET = "from-auth-secret-variable-000000";
    expect(ensureAuthSecret(dir)).toBe("from-auth-secret-variable-000000");
    expect(process.env.NEXTAUTH_SECRET).toBe("from-auth-secret-variable-000000");
    expect(fs.existsSync(path.join(dir, AUTH_SECRET_FILE))).toBe(false);
  });

  it("refuses a truncated secret file", () => {
    fs.writeFileSync(path.join(dir, AUTH_SECRET_FILE), "short\n", { mode: 0o600 });
    expect(() => ensureAuthSecret(dir)).toThrow(/shorter than/);
  });
});
