/**
 * Password hashing with bcrypt (pure JS: no native build). Cost 11 is ~0.2–0.4 s per check on this
 * class of machine; the async API yields to the event loop so SMTP traffic in the same process keeps
 * flowing during a login. Imported at boot by ensure-admin: no "server-only".
 */

import crypto from "node:crypto";
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 11;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * A valid hash of a random, discarded password at the same cost. Comparing against it when the user
 * does not exist makes "unknown user" cost the same time as "wrong password".
 */
const DUMMY_HASH = "$2b$11$VpOh/5XGe9cTAXQr0irg8eJ791tY1EUprsZdn8tfsxV.eDCRkdBku";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Compares against `hash`, or against a dummy hash when there is none (always false then). */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && ok;
}

/** 18 random bytes in base64url: 24 characters, ~144 bits. */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString("base64url");
}
