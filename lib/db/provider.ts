/**
 * Which database a URL points at, and the Prisma driver adapter for it. Hermod runs on the embedded
 * SQLite file by default and on PostgreSQL when DATABASE_URL says `postgres://` or `postgresql://`.
 */

import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DbProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The file path of a SQLite URL (`file:/abs/x.db`, `file:./x.db` or a bare path). */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** A migration-aware adapter factory; the SQLite file's directory is created if missing. */
export function createAdapterFactory(url: string): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(url) === "postgresql") return new PrismaPg({ connectionString: url });
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaBetterSqlite3({ url: file });
}
