/**
 * Whether the TXT record at SELECTOR._domainkey.DOMAIN carries the public half of the signing key.
 * The public key is derived from the private PEM with node:crypto, so the check needs nothing but the
 * key Hermod signs with.
 */

import { createPrivateKey, createPublicKey } from "node:crypto";
import { lookup, type HealthResolver } from "./resolver";
import type { HealthCheck } from "./types";

/** The DKIM TXT value for a private key (RFC 6376 §3.6.1; RFC 8463 for Ed25519); throws on a PEM that is not a key. */
export function dkimRecordFor(privateKeyPem: string): { algorithm: "rsa" | "ed25519"; publicKey: string; record: string } {
  const pub = createPublicKey(createPrivateKey(privateKeyPem));
  const spki = pub.export({ type: "spki", format: "der" });
  if (pub.asymmetricKeyType === "ed25519") {
    // The raw 32-byte key: the tail of the SPKI structure.
    const publicKey = spki.subarray(spki.length - 32).toString("base64");
    return { algorithm: "ed25519", publicKey, record: `v=DKIM1; k=ed25519; p=${publicKey}` };
  }
  if (pub.asymmetricKeyType !== "rsa") throw new Error(`a ${pub.asymmetricKeyType} key cannot sign DKIM (use RSA or Ed25519)`);
  const publicKey = spki.toString("base64");
  return { algorithm: "rsa", publicKey, record: `v=DKIM1; k=rsa; p=${publicKey}` };
}

/** The tags of a DKIM key record (`v=DKIM1; k=rsa; p=…`), names lower-cased, white space removed from values. */
export function dkimTags(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  return tags;
}

export async function checkDkim(selector: string, domain: string, privateKeyPem: string | Error, resolver: HealthResolver, timeoutMs: number): Promise<HealthCheck> {
  const title = `DKIM selector ${selector}`;
  const name = `${selector}._domainkey.${domain}`;
  let expected: ReturnType<typeof dkimRecordFor>;
  try {
    if (privateKeyPem instanceof Error) throw privateKeyPem;
    expected = dkimRecordFor(privateKeyPem);
  } catch (err) {
    return { kind: "dkim", title, status: "fail", found: `the key cannot be read: ${(err as Error).message}`, detail: "Fix the key file or upload the key again; Hermod cannot sign with it." };
  }
  const publish = [{ name, type: "TXT" as const, value: expected.record }];
  const txt = await lookup(`TXT of ${name}`, () => resolver.resolveTxt(name), timeoutMs);
  if (txt.kind === "error") return { kind: "dkim", title, status: "warn", found: txt.message, detail: "The lookup failed; try again later." };
  const records = txt.kind === "found" ? txt.records.map((parts) => parts.join("")) : [];
  const keys = records.filter((r) => dkimTags(r).has("p"));
  if (keys.length === 0) {
    return { kind: "dkim", title, status: "fail", found: `${name}: no DKIM key record`, detail: "Receivers cannot verify the signatures: publish the TXT record below.", publish };
  }
  const matching = keys.find((r) => dkimTags(r).get("p") === expected.publicKey);
  if (matching) {
    const k = dkimTags(matching).get("k") ?? "rsa";
    if (k.toLowerCase() !== expected.algorithm) {
      return { kind: "dkim", title, status: "fail", found: `${name}: ${matching}`, detail: `The record says k=${k} but the key is ${expected.algorithm}.`, publish };
    }
    return { kind: "dkim", title, status: "pass", found: `${name}: ${matching}`, detail: "The published key matches the signing key." };
  }
  const revoked = keys.every((r) => dkimTags(r).get("p") === "");
  return {
    kind: "dkim",
    title,
    status: "fail",
    found: `${name}: ${keys.join(" | ")}`,
    detail: revoked ? "The published key is revoked (empty p=): publish the record below." : "The published key is not the signing key: signatures will fail. Publish the record below.",
    publish,
  };
}
