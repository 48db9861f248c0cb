/**
 * The console's DKIM key use cases: generate a key pair (RSA 2048 or Ed25519, as `pmtakeytool newdk`),
 * upload an existing private key, delete. Each is audited and reloads the engine so the change signs
 * (or stops signing) the next message. The caller (a server action) has checked `config.write`.
 */

import { checkDkimPrivateKey, dkimDnsRecord, generateDkimKey, type DkimAlgorithm } from "@/mta/index";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import { createDkimKeyRepository, type DkimKeyDto, type DkimKeyRepository } from "../../db/dkim-key-repository";
import { reloadEngineKeys } from "../../dkim/engine-keys";
import type { TGenerateDkimKeyInput, TUploadDkimKeyInput } from "../../dkim/schemas";
import { ConflictError, ExpectedError, NotFoundError } from "../../errors";

export interface ManageDkimKeysDeps {
  keys: Pick<DkimKeyRepository, "create" | "delete">;
  audit: Pick<AuditRepository, "record">;
  /** Reloads the engine with the new set of keys; false when this process runs none. */
  reloadEngine: () => Promise<boolean>;
}

function defaultDeps(): ManageDkimKeysDeps {
  return { keys: createDkimKeyRepository(), audit: createAuditRepository(), reloadEngine: () => reloadEngineKeys() };
}

export interface DkimKeyChange {
  key: DkimKeyDto;
  /** What the operator reads: the record to publish and whether the engine took the change. */
  message: string;
}

async function store(
  actor: string,
  input: { selector: string; domain: string; algorithm: DkimAlgorithm; privateKeyPem: string; dnsRecord: string },
  action: string,
  deps: ManageDkimKeysDeps,
): Promise<DkimKeyChange> {
  const key = await deps.keys.create({ ...input, createdBy: actor });
  if (!key) throw new ConflictError(`A console key ${input.selector}._domainkey.${input.domain} already exists: delete it first or choose another selector.`);
  await deps.audit.record({ actor, action, target: `${key.selector}._domainkey.${key.domain}`, detail: { id: key.id, algorithm: key.algorithm } });
  const applied = await applyToEngine(deps);
  return { key, message: `Key ${key.selector}._domainkey.${key.domain} saved. Publish its TXT record before mail is signed with it. ${applied}` };
}

async function applyToEngine(deps: ManageDkimKeysDeps): Promise<string> {
  try {
    return (await deps.reloadEngine()) ? "The engine was reloaded." : "No engine runs in this process; the key applies at its next start.";
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `The engine could not be reloaded (${why}); the change applies at its next reload.`;
  }
}

export async function generateConsoleDkimKey(actor: string, input: TGenerateDkimKeyInput, deps: ManageDkimKeysDeps = defaultDeps()): Promise<DkimKeyChange> {
  const { privateKeyPem, dnsRecord } = generateDkimKey(input.algorithm);
  return store(actor, { ...input, privateKeyPem, dnsRecord }, "dkim-key.generate", deps);
}

export async function uploadConsoleDkimKey(actor: string, input: TUploadDkimKeyInput, deps: ManageDkimKeysDeps = defaultDeps()): Promise<DkimKeyChange> {
  const check = checkDkimPrivateKey(input.privateKeyPem);
  if (!check.ok) throw new ExpectedError("INVALID_KEY", `That private key cannot sign: ${check.message}.`);
  const pem = input.privateKeyPem.endsWith("\n") ? input.privateKeyPem : `${input.privateKeyPem}\n`;
  return store(actor, { selector: input.selector, domain: input.domain, algorithm: check.algorithm, privateKeyPem: pem, dnsRecord: dkimDnsRecord(check.key) }, "dkim-key.upload", deps);
}

export async function deleteConsoleDkimKey(actor: string, id: number, deps: ManageDkimKeysDeps = defaultDeps()): Promise<DkimKeyChange> {
  const key = await deps.keys.delete(id);
  if (!key) throw new NotFoundError("A console DKIM key with that id");
  await deps.audit.record({ actor, action: "dkim-key.delete", target: `${key.selector}._domainkey.${key.domain}`, detail: { id: key.id } });
  const applied = await applyToEngine(deps);
  return { key, message: `Key ${key.selector}._domainkey.${key.domain} deleted; mail is no longer signed with it. ${applied}` };
}
