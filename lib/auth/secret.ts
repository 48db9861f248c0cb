/**
 * The secret next-auth signs and encrypts session tokens with. An operator may set NEXTAUTH_SECRET or
 * AUTH_SECRET; otherwise Hermod generates one on first start and keeps it in the data directory, so
 * sessions survive restarts without any setup. Called by server.ts before Next starts (no next/*).
 */

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const AUTH_SECRET_FILE = "auth-secret";
const MIN_SECRET_LENGTH = 32;

/**
 * Returns the secret in force and sets `process.env.NEXTAUTH_SECRET` to it. Reads or creates
 * `${dataDir}/auth-secret` (mode 0600) only when neither variable is set.
 */
export function ensureAuthSecret(dataDir: string): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim() || process.env.AUTH_SECRET?.trim();
  if (fromEnv) {
    process.env.NEXTAUTH_SECRET = fromEnv;
    return fromEnv;
  }

  const file = path.join(dataDir, AUTH_SECRET_FILE);
  let secret = readSecret(file);
  if (!secret) {
    fs.mkdirSync(dataDir, { recursive: true });
    secret = crypto.randomBytes(48).toString("base64url");
    try {
      // "wx": never overwrite a secret another process wrote between our read and this write.
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      secret = readSecret(file);
      if (!secret) throw new Error(`${file} exists but holds no usable secret`);
    }
  }
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}

function readSecret(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const value = fs.readFileSync(file, "utf8").trim();
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters`);
  return value;
}
