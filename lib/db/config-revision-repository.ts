/**
 * Config revisions: append-only, newest last (ids increase). DTOs out. Appending computes each new
 * revision's diff against the latest one inside the same transaction, so the stored diff is always
 * against the revision stored just before it.
 */

import { CONFIG_ORIGINS, type TConfigOrigin } from "../schemas/config";
import { getDb, type Db } from "./client";

export interface NewConfigRevision {
  text: string;
  author: string;
  comment: string;
  origin: TConfigOrigin;
}

export interface ConfigRevisionMeta {
  id: number;
  author: string;
  comment: string;
  origin: TConfigOrigin;
  createdAt: Date;
}

export interface ConfigRevisionEntry extends ConfigRevisionMeta {
  diff: string;
}

export interface ConfigRevisionDto extends ConfigRevisionEntry {
  text: string;
}

/** Computes the stored diff; `before` is null for the first revision. */
export type DiffFn = (before: { id: number; text: string } | null, after: string) => string;

const META = { id: true, author: true, comment: true, origin: true, createdAt: true } as const;
const ENTRY = { ...META, diff: true } as const;

function toOrigin(value: string): TConfigOrigin {
  return (CONFIG_ORIGINS as readonly string[]).includes(value) ? (value as TConfigOrigin) : "console";
}

function dto<T extends { origin: string }>(row: T): Omit<T, "origin"> & { origin: TConfigOrigin } {
  return { ...row, origin: toOrigin(row.origin) };
}

export function createConfigRevisionRepository(db: Db = getDb()) {
  return {
    async latest(): Promise<ConfigRevisionDto | null> {
      const row = await db.configRevision.findFirst({ orderBy: { id: "desc" } });
      return row ? dto(row) : null;
    },

    async findById(id: number): Promise<ConfigRevisionDto | null> {
      const row = await db.configRevision.findUnique({ where: { id } });
      return row ? dto(row) : null;
    },

    /** Newest first; `beforeId` pages back through older revisions. */
    async list(options: { limit: number; beforeId?: number }): Promise<ConfigRevisionEntry[]> {
      const rows = await db.configRevision.findMany({
        where: options.beforeId === undefined ? undefined : { id: { lt: options.beforeId } },
        orderBy: { id: "desc" },
        take: options.limit,
        select: ENTRY,
      });
      return rows.map(dto);
    },

    count(): Promise<number> {
      return db.configRevision.count();
    },

    /** Appends `entries` in order, in one transaction; returns them as stored. */
    async append(entries: readonly NewConfigRevision[], diff: DiffFn): Promise<ConfigRevisionMeta[]> {
      return db.$transaction(async (tx) => {
        let previous = await tx.configRevision.findFirst({ orderBy: { id: "desc" }, select: { id: true, text: true } });
        const stored: ConfigRevisionMeta[] = [];
        for (const entry of entries) {
          const row = await tx.configRevision.create({
            data: { ...entry, diff: diff(previous, entry.text) },
            select: { ...META, text: true },
          });
          previous = { id: row.id, text: row.text };
          const { text: _text, ...meta } = row;
          stored.push(dto(meta));
        }
        return stored;
      });
    },
  };
}

export type ConfigRevisionRepository = ReturnType<typeof createConfigRevisionRepository>;
