/** The listeners' TLS certificate and key, read from `smtp-server-tls-certificate` when the engine starts or reloads. */

import { readFile } from "node:fs/promises";
import type { MtaConfig } from "../config/types";

export type TlsMaterial = { key: Buffer; cert: Buffer; passphrase?: string };

/** Reads `smtp-server-tls-certificate` (one PEM file with the chain and the key). */
export async function loadTls(config: MtaConfig): Promise<TlsMaterial | undefined> {
  const c = config.tlsCertificate;
  if (!c) return undefined;
  let pem: Buffer;
  try {
    pem = await readFile(c.file);
  } catch (err) {
    throw new Error(`smtp-server-tls-certificate ${c.file} (${c.origin.file}:${c.origin.line}): cannot read it: ${(err as Error).message}`);
  }
  const text = pem.toString("latin1");
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || !text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(`smtp-server-tls-certificate ${c.file} (${c.origin.file}:${c.origin.line}): expected a PEM file with a certificate and its private key`);
  }
  return { key: pem, cert: pem, ...(c.password ? { passphrase: c.password } : {}) };
}
