/**
 * DKIM private keys: what a PEM holds (RSA → rsa-sha256, Ed25519 → ed25519-sha256, RFC 8463), the
 * DNS TXT record that publishes its public half at `SELECTOR._domainkey.DOMAIN`, and new key pairs.
 * Used by the config compiler (a bad key file is a config error) and by the console.
 */

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { DkimAlgorithm } from "../config/types";

/** RFC 8301 §3.2: signers must use RSA keys of at least 1024 bits (2048 recommended). */
export const MIN_RSA_BITS = 1024;

export type DkimKeyCheck = { ok: true; algorithm: DkimAlgorithm; key: KeyObject } | { ok: false; message: string };

/** Reads a private key in PEM (PKCS#8, or PKCS#1 for RSA); says what is wrong otherwise. */
export function checkDkimPrivateKey(pem: string): DkimKeyCheck {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return { ok: false, message: "not a PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----, unencrypted)" };
  }
  if (key.asymmetricKeyType === "ed25519") return { ok: true, algorithm: "ed25519-sha256", key };
  if (key.asymmetricKeyType === "rsa") {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return { ok: false, message: `RSA key of ${bits} bits is too short for DKIM (at least ${MIN_RSA_BITS}, RFC 8301)` };
    return { ok: true, algorithm: "rsa-sha256", key };
  }
  return { ok: false, message: `unsupported key type "${key.asymmetricKeyType}": DKIM signs with RSA or Ed25519 keys` };
}

/**
 * The TXT record value for `SELECTOR._domainkey.DOMAIN`: `v=DKIM1; k=rsa; p=<SubjectPublicKeyInfo>`
 * (RFC 6376 §3.6.1) or `v=DKIM1; k=ed25519; p=<the 32 raw key bytes>` (RFC 8463 §4.2).
 */
export function dkimDnsRecord(privateKey: KeyObject): string {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  if (privateKey.asymmetricKeyType === "ed25519") return `v=DKIM1; k=ed25519; p=${der.subarray(der.length - 32).toString("base64")}`;
  return `v=DKIM1; k=rsa; p=${der.toString("base64")}`;
}

/** A new key pair as `pmtakeytool newdk` makes: RSA 2048 or Ed25519, private key in PKCS#8 PEM. */
export function generateDkimKey(algorithm: DkimAlgorithm): { privateKeyPem: string; dnsRecord: string } {
  const { privateKey } =
    algorithm === "ed25519-sha256" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { privateKeyPem, dnsRecord: dkimDnsRecord(privateKey) };
}

/** A DKIM selector (RFC 6376 §3.1): dot-separated labels of letters, digits and hyphens. */
export function isDkimSelector(text: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(text) && text.length <= 253;
}
