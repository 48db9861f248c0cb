/**
 * Suppression lists (SuppressionList) and their uploads (SuppressionImport). Entries are in
 * suppression-entry-repository.ts. DTOs out, never Prisma types.
 */

import type { SuppressionScopeKind } from "@/mta/index";
import { getDb, type Db } from "./client";

export interface SuppressionListDto {
  id: number;
  name: string;
  scope: SuppressionScopeKind;
  scopeValue: string;
  hashOnly: boolean;
  autoAddBounces: boolean;
  autoAddComplaints: boolean;
  entryCount: number;
  createdBy: string;
  createdAt: Date;
}

export interface NewSuppressionList {
  name: string;
  scope: SuppressionScopeKind;
  scopeValue: string;
  hashOnly: boolean;
  autoAddBounces: boolean;
  autoAddComplaints: boolean;
  createdBy: string;
}

export interface ImportRowError {
  line: number;
  text: string;
  reason: string;
}

export interface ImportCounts {
  rowsRead: number;
  added: number;
  duplicates: number;
  invalid: number;
}

export interface SuppressionImportDto extends ImportCounts {
  id: number;
  listId: number;
  fileName: string;
  status: "running" | "done" | "failed";
  errors: ImportRowError[];
  message: string;
  createdBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

type ListRow = Awaited<ReturnType<Db["suppressionList"]["findFirstOrThrow"]>>;
type ImportRow = Awaited<ReturnType<Db["suppressionImport"]["findFirstOrThrow"]>>;

const toList = (r: ListRow): SuppressionListDto => ({
  id: r.id,
  name: r.name,
  scope: r.scope as SuppressionScopeKind,
  scopeValue: r.scopeValue,
  hashOnly: r.hashOnly,
  autoAddBounces: r.autoAddBounces,
  autoAddComplaints: r.autoAddComplaints,
  entryCount: r.entryCount,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

const toImport = (r: ImportRow): SuppressionImportDto => ({
  id: r.id,
  listId: r.listId,
  fileName: r.fileName,
  status: r.status as SuppressionImportDto["status"],
  rowsRead: r.rowsRead,
  added: r.added,
  duplicates: r.duplicates,
  invalid: r.invalid,
  errors: JSON.parse(r.errors) as ImportRowError[],
  message: r.message,
  createdBy: r.createdBy,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

export function createSuppressionListRepository(db: Db) {
  return {
    async list(): Promise<SuppressionListDto[]> {
      return (await db.suppressionList.findMany({ orderBy: { name: "asc" } })).map(toList);
    },
    async get(id: number): Promise<SuppressionListDto | null> {
      const r = await db.suppressionList.findUnique({ where: { id } });
      return r ? toList(r) : null;
    },
    async findByName(name: string): Promise<SuppressionListDto | null> {
      const r = await db.suppressionList.findUnique({ where: { name } });
      return r ? toList(r) : null;
    },
    /** Null when the name is taken. */
    async create(input: NewSuppressionList): Promise<SuppressionListDto | null> {
      if (await db.suppressionList.findUnique({ where: { name: input.name } })) return null;
      return toList(await db.suppressionList.create({ data: input }));
    },
    async setAutoAdd(id: number, flags: { autoAddBounces: boolean; autoAddComplaints: boolean }): Promise<SuppressionListDto | null> {
      const r = await db.suppressionList.updateMany({ where: { id }, data: flags });
      return r.count === 0 ? null : this.get(id);
    },
    /** Deletes the list with its entries and import history; false when there is no such list. */
    async delete(id: number): Promise<boolean> {
      const [, , deleted] = await db.$transaction([
        db.suppressionEntry.deleteMany({ where: { listId: id } }),
        db.suppressionImport.deleteMany({ where: { listId: id } }),
        db.suppressionList.deleteMany({ where: { id } }),
      ]);
      return deleted.count > 0;
    },
    /** Lists whose auto-add of hard bounces (or complaints) is on. */
    async autoAdding(what: "bounces" | "complaints"): Promise<SuppressionListDto[]> {
      const where = what === "bounces" ? { autoAddBounces: true } : { autoAddComplaints: true };
      return (await db.suppressionList.findMany({ where, orderBy: { id: "asc" } })).map(toList);
    },
    /** Recounts a list's entries into `entryCount`; returns the count. */
    async recount(id: number): Promise<number> {
      const entryCount = await db.suppressionEntry.count({ where: { listId: id } });
      await db.suppressionList.updateMany({ where: { id }, data: { entryCount } });
      return entryCount;
    },

    async startImport(input: { listId: number; fileName: string; createdBy: string }): Promise<number> {
      return (await db.suppressionImport.create({ data: { ...input, status: "running" } })).id;
    },
    async importProgress(id: number, counts: ImportCounts): Promise<void> {
      await db.suppressionImport.updateMany({ where: { id }, data: counts });
    },
    async finishImport(id: number, outcome: ImportCounts & { status: "done" | "failed"; errors: ImportRowError[]; message: string; at: Date }): Promise<void> {
      const { at, errors, ...rest } = outcome;
      await db.suppressionImport.updateMany({ where: { id }, data: { ...rest, errors: JSON.stringify(errors), finishedAt: at } });
    },
    async getImport(id: number): Promise<SuppressionImportDto | null> {
      const r = await db.suppressionImport.findUnique({ where: { id } });
      return r ? toImport(r) : null;
    },
    async recentImports(listId: number, limit = 10): Promise<SuppressionImportDto[]> {
      return (await db.suppressionImport.findMany({ where: { listId }, orderBy: { id: "desc" }, take: limit })).map(toImport);
    },
  };
}

export type SuppressionListRepository = ReturnType<typeof createSuppressionListRepository>;

export function suppressionListRepository(): SuppressionListRepository {
  return createSuppressionListRepository(getDb());
}
