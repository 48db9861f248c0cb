/**
 * DKIM keys stored in the console (the DkimKey table). The private key never leaves the server: list
 * rows carry the DNS record, not the PEM; `listForEngine` is what the engine's config is merged with.
 * DTOs out, never Prisma types.
 */

import { getDb, type Db } from "./client";

export interface DkimKeyDto {
  id: number;
  selector: string;
  domain: string;
  algorithm: string;
  dnsRecord: string;
  createdBy: string;
  createdAt: Date;
}

const SELECT = { id: true, selector: true, domain: true, algorithm: true, dnsRecord: true, createdBy: true, createdAt: true } as const;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export function createDkimKeyRepository(db: Db = getDb()) {
  return {
    /** Null when a key with this selector and domain already exists. */
    async create(input: { selector: string; domain: string; algorithm: string; privateKeyPem: string; dnsRecord: string; createdBy: string }): Promise<DkimKeyDto | null> {
      try {
        return await db.dkimKey.create({ data: input, select: SELECT });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    async list(): Promise<DkimKeyDto[]> {
      return db.dkimKey.findMany({ select: SELECT, orderBy: [{ domain: "asc" }, { selector: "asc" }] });
    },

    /** Every key with its private key, oldest first (the order the engine searches them). */
    async listForEngine(): Promise<{ id: number; selector: string; domain: string; privateKeyPem: string }[]> {
      return db.dkimKey.findMany({ select: { id: true, selector: true, domain: true, privateKeyPem: true }, orderBy: { id: "asc" } });
    },

    /** The deleted key, or null when there was none with this id. */
    async delete(id: number): Promise<DkimKeyDto | null> {
      const found = await db.dkimKey.findUnique({ where: { id }, select: SELECT });
      if (!found) return null;
      const { count } = await db.dkimKey.deleteMany({ where: { id } });
      return count > 0 ? found : null;
    },
  };
}

export type DkimKeyRepository = ReturnType<typeof createDkimKeyRepository>;
