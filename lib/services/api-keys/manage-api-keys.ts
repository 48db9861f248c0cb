/**
 * The console's API-key use cases: create (the secret is returned once), list, revoke. Each is
 * audited; the caller (a server action) has checked `api-keys.write`.
 */

import type { Role } from "../../auth/permissions";
import { createApiKeyRepository, type ApiKeyDto, type ApiKeyRepository } from "../../db/api-key-repository";
import { createAuditRepository, type AuditRepository } from "../../db/audit-repository";
import { NotFoundError } from "../../errors";
import type { TApiKeyRow } from "../../schemas/api-key";

export interface ManageApiKeysDeps {
  keys: Pick<ApiKeyRepository, "create" | "list" | "revoke">;
  audit: Pick<AuditRepository, "record">;
  now: () => Date;
}

function defaultDeps(): ManageApiKeysDeps {
  return { keys: createApiKeyRepository(), audit: createAuditRepository(), now: () => new Date() };
}

function toRow(k: ApiKeyDto): TApiKeyRow {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(deps: ManageApiKeysDeps = defaultDeps()): Promise<TApiKeyRow[]> {
  return (await deps.keys.list()).map(toRow);
}

export async function createApiKey(actor: string, input: { name: string; role: Role }, deps: ManageApiKeysDeps = defaultDeps()): Promise<{ key: TApiKeyRow; secret: string }> {
  const { key, secret } = await deps.keys.create({ name: input.name, role: input.role, createdBy: actor });
  await deps.audit.record({ actor, action: "api-key.create", target: key.name, detail: { id: key.id, role: key.role, prefix: key.prefix } });
  return { key: toRow(key), secret };
}

export async function revokeApiKey(actor: string, id: string, deps: ManageApiKeysDeps = defaultDeps()): Promise<TApiKeyRow> {
  const key = await deps.keys.revoke(id, deps.now());
  if (!key) throw new NotFoundError("An active API key with that id");
  await deps.audit.record({ actor, action: "api-key.revoke", target: key.name, detail: { id: key.id, prefix: key.prefix } });
  return toRow(key);
}
