/**
 * Suppression entries (SuppressionEntry). Uploads insert in batches with one multi-row
 * `INSERT … ON CONFLICT DO NOTHING` per batch (plain SQL that SQLite and PostgreSQL both accept, as
 * rollup-upsert.ts), so duplicates merge in the database and a million rows are a thousand
 * statements. Reads page by id, so exports and the engine's boot load never hold a whole list.
 */

import { Prisma } from "@/generated/prisma/client";
import type { SuppressionKind, SuppressionValue } from "@/mta/index";
import { getDb, type Db } from "./client";

/** Rows per INSERT: 5 columns × 1,000 = 5,000 parameters, under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
export const SUPPRESSION_INSERT_CHUNK = 1_000;

export type SuppressionOrigin = "upload" | "console" | "bounce" | "complaint";

export interface SuppressionEntryDto {
  id: number;
  listId: number;
  kind: SuppressionKind;
  value: string;
  origin: SuppressionOrigin;
  addedAt: Date;
}

type EntryRow = Awaited<ReturnType<Db["suppressionEntry"]["findFirstOrThrow"]>>;
const toEntry = (r: EntryRow): SuppressionEntryDto => ({ id: r.id, listId: r.listId, kind: r.kind as SuppressionKind, value: r.value, origin: r.origin as SuppressionOrigin, addedAt: r.addedAt });

const keyOf = (v: SuppressionValue) => `${v.kind}:${v.value}`;

/** One row per kind and value (PostgreSQL refuses an ON CONFLICT statement that meets the same row twice). */
export function uniqueValues(values: readonly SuppressionValue[]): SuppressionValue[] {
  const seen = new Map<string, SuppressionValue>();
  for (const v of values) if (!seen.has(keyOf(v))) seen.set(keyOf(v), v);
  return [...seen.values()];
}

export function createSuppressionEntryRepository(db: Db) {
  return {
    /** Inserts what is new; resolves to how many rows were added (the rest were already there). */
    async insertMany(listId: number, values: readonly SuppressionValue[], origin: SuppressionOrigin, at = new Date()): Promise<number> {
      const unique = uniqueValues(values);
      let added = 0;
      for (let i = 0; i < unique.length; i += SUPPRESSION_INSERT_CHUNK) {
        const rows = unique.slice(i, i + SUPPRESSION_INSERT_CHUNK).map((v) => Prisma.sql`(${Prisma.join([listId, v.kind, v.value, origin, at])})`);
        added += await db.$executeRaw`INSERT INTO "SuppressionEntry" ("listId", "kind", "value", "origin", "addedAt") VALUES ${Prisma.join(rows)} ON CONFLICT ("listId", "kind", "value") DO NOTHING`;
      }
      return added;
    },

    /** Removes entries; resolves to how many were there. */
    async deleteValues(listId: number, values: readonly SuppressionValue[]): Promise<number> {
      let removed = 0;
      for (const kind of ["address", "domain", "sha256", "md5"] as const) {
        const of = values.filter((v) => v.kind === kind).map((v) => v.value);
        for (let i = 0; i < of.length; i += SUPPRESSION_INSERT_CHUNK) {
          removed += (await db.suppressionEntry.deleteMany({ where: { listId, kind, value: { in: of.slice(i, i + SUPPRESSION_INSERT_CHUNK) } } })).count;
        }
      }
      return removed;
    },

    /** Entries with any of `candidates` (exact values: an address, its domain, its digests), in one list or all. */
    async findValues(candidates: readonly SuppressionValue[], listId?: number, limit = 200): Promise<SuppressionEntryDto[]> {
      if (candidates.length === 0) return [];
      const rows = await db.suppressionEntry.findMany({
        where: { ...(listId === undefined ? {} : { listId }), OR: candidates.map((c) => ({ kind: c.kind, value: c.value })) },
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map(toEntry);
    },

    /** The most recent entries of a list. */
    async latest(listId: number, limit = 50): Promise<SuppressionEntryDto[]> {
      return (await db.suppressionEntry.findMany({ where: { listId }, orderBy: { id: "desc" }, take: limit })).map(toEntry);
    },

    /** Every entry of a list (or of all lists), `pageSize` rows at a time, in id order. */
    async *pages(listId: number | undefined, pageSize = 5_000): AsyncGenerator<SuppressionEntryDto[]> {
      let after = 0;
      for (;;) {
        const rows = await db.suppressionEntry.findMany({ where: { ...(listId === undefined ? {} : { listId }), id: { gt: after } }, orderBy: { id: "asc" }, take: pageSize });
        if (rows.length === 0) return;
        yield rows.map(toEntry);
        after = rows[rows.length - 1].id;
        if (rows.length < pageSize) return;
      }
    },
  };
}

export type SuppressionEntryRepository = ReturnType<typeof createSuppressionEntryRepository>;

export function suppressionEntryRepository(): SuppressionEntryRepository {
  return createSuppressionEntryRepository(getDb());
}
