/**
 * Shared SQL for the monitor's rollup tables (MetricBucket, HourBucket, CategoryBucket, JobBucket):
 * batched multi-row `INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c`, and the field-wise
 * maximum of per-period sums. Plain SQL that SQLite and PostgreSQL both accept.
 */

import { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

/** Rows per statement: at 8 columns that is 4,000 parameters, under SQLite's and PostgreSQL's limits. */
export const ROLLUP_UPSERT_CHUNK = 500;

export interface RollupTable<Row> {
  table: string;
  /** The period column (a DateTime holding epoch ms `bucketStart` of each row). */
  timeColumn: string;
  /** The unique key's other columns, in order. */
  keyColumns: readonly (keyof Row & string)[];
  countColumns: readonly (keyof Row & string)[];
}

type Keyed = { bucketStart: number };

/**
 * One row per unique key, summing repeats: PostgreSQL refuses an ON CONFLICT statement that touches
 * the same row twice.
 */
function mergeRows<Row extends Keyed>(spec: RollupTable<Row>, rows: readonly Row[]): Row[] {
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const key = [r.bucketStart, ...spec.keyColumns.map((c) => r[c])].join("\u0000");
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...r });
    else for (const c of spec.countColumns) (seen[c] as number) += r[c] as number;
  }
  return [...merged.values()];
}

/** Adds each row's counts to its bucket (creating it when new), in one transaction. */
export async function upsertIncrements<Row extends Keyed>(db: Db, spec: RollupTable<Row>, rows: readonly Row[]): Promise<void> {
  const merged = mergeRows(spec, rows);
  if (merged.length === 0) return;
  const columns = [spec.timeColumn, ...spec.keyColumns, ...spec.countColumns];
  const insertColumns = Prisma.raw(columns.map((c) => `"${c}"`).join(", "));
  const conflict = Prisma.raw([spec.timeColumn, ...spec.keyColumns].map((c) => `"${c}"`).join(", "));
  const addExcluded = Prisma.raw(spec.countColumns.map((c) => `"${c}" = "${spec.table}"."${c}" + excluded."${c}"`).join(", "));
  const table = Prisma.raw(`"${spec.table}"`);
  const statements = [];
  for (let i = 0; i < merged.length; i += ROLLUP_UPSERT_CHUNK) {
    const values = merged
      .slice(i, i + ROLLUP_UPSERT_CHUNK)
      .map((r) => Prisma.sql`(${Prisma.join([new Date(r.bucketStart), ...spec.keyColumns.map((c) => r[c]), ...spec.countColumns.map((c) => r[c])])})`);
    statements.push(db.$executeRaw`INSERT INTO ${table} (${insertColumns}) VALUES ${Prisma.join(values)} ON CONFLICT (${conflict}) DO UPDATE SET ${addExcluded}`);
  }
  await db.$transaction(statements);
}

/**
 * For each count column, the largest sum over all keys of one period ("the busiest minute / hour"),
 * over the whole table; zeros when it is empty.
 */
export async function topPeriod<Row extends Keyed>(db: Db, spec: RollupTable<Row>): Promise<Record<string, number>> {
  const sums = spec.countColumns.map((c) => `SUM("${c}") AS "s_${c}"`).join(", ");
  const maxes = spec.countColumns.map((c) => `MAX("s_${c}") AS "${c}"`).join(", ");
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${maxes} FROM (SELECT ${sums} FROM "${spec.table}" GROUP BY "${spec.timeColumn}") AS per_period`,
  );
  const out: Record<string, number> = {};
  for (const c of spec.countColumns) out[c] = Number(rows[0]?.[c] ?? 0);
  return out;
}
