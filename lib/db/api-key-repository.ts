/**
 * Status-API keys. Only the SHA-256 of a key is stored (with its first characters, to tell keys
 * apart in the console); the key itself is shown once, when created. Lookups go by hash, and a
 * revoked key is never found. DTOs out, never Prisma types.
 */

import { createHash, randomBytes } from "node:crypto";
import { isRole, type Role } from "../auth/permissions";
import { getDb, type Db } from "./client";

export interface ApiKeyDto {
  id: string;
  name: string;
  /** The key's first characters ("hk_3f9a1c…"), shown in lists. */
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedApiKey {
  key: ApiKeyDto;
  /** The secret, shown once: only its hash is kept. */
  secret: string;
}

/** Keys look like `hk_` + 64 hex digits, so they also fit `http-api-key`'s alphabet ([A-Za-z0-9_]). */
export function generateApiKeySecret(): string {
  return `hk_${randomBytes(32).toString("hex")}`;
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

const PREFIX_LENGTH = 10;

const SELECT = { id: true, name: true, prefix: true, role: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type Row = { id: string; name: string; prefix: string; role: string; createdBy: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

function toDto(row: Row): ApiKeyDto {
  // A row with a role this version does not know grants the least.
  return { ...row, role: isRole(row.role) ? row.role : "viewer" };
}

export function createApiKeyRepository(db: Db = getDb()) {
  return {
    async create(input: { name: string; role: Role; createdBy: string }): Promise<CreatedApiKey> {
      const secret = generateApiKeySecret();
      const row = await db.apiKey.create({
        data: { name: input.name, role: input.role, createdBy: input.createdBy, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKey(secret) },
        select: SELECT,
      });
      return { key: toDto(row), secret };
    },

    /**
     * Removes every key named `name` that `createdBy` made and creates a new one, in one transaction:
     * the CLI's key is replaced at each server start.
     */
    async replace(input: { name: string; role: Role; createdBy: string }): Promise<CreatedApiKey> {
      const secret = generateApiKeySecret();
      const row = await db.$transaction(async (tx) => {
        await tx.apiKey.deleteMany({ where: { name: input.name, createdBy: input.createdBy } });
        return tx.apiKey.create({
          data: { name: input.name, role: input.role, createdBy: input.createdBy, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKey(secret) },
          select: SELECT,
        });
      });
      return { key: toDto(row), secret };
    },

    /** Newest first, revoked ones included (the console shows them as revoked). */
    async list(): Promise<ApiKeyDto[]> {
      const rows = await db.apiKey.findMany({ select: SELECT, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
      return rows.map(toDto);
    },

    /** The key whose SHA-256 is `hash`, unless revoked. */
    async findActiveByHash(hash: string): Promise<(ApiKeyDto & { hash: string }) | null> {
      const row = await db.apiKey.findUnique({ where: { hash }, select: { ...SELECT, hash: true } });
      if (!row || row.revokedAt) return null;
      return { ...toDto(row), hash: row.hash };
    },

    async touch(id: string, at: Date): Promise<void> {
      await db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
    },

    /** The revoked key, or null when there is no such key or it was already revoked. */
    async revoke(id: string, at: Date): Promise<ApiKeyDto | null> {
      const { count } = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      if (count === 0) return null;
      const row = await db.apiKey.findUnique({ where: { id }, select: SELECT });
      return row && toDto(row);
    },
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
