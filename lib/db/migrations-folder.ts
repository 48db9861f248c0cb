/**
 * The committed migrations of one provider, as the schema engine reads them. Each migration folder
 * holds `migration.sql` and `schema.prisma`, the schema snapshot it migrates to: new migrations are
 * diffed from that snapshot, because the wasm engine cannot use a shadow database.
 */

import fs from "node:fs";
import path from "node:path";
import type { DbProvider } from "./provider";
import type { SchemaFile } from "./schema-engine";

export const LOCKFILE = "migration_lock.toml";
export const MIGRATION_SQL = "migration.sql";
export const SCHEMA_SNAPSHOT = "schema.prisma";

/** `prisma/migrations` for SQLite, `prisma/pg/migrations` for PostgreSQL. */
export function migrationsDirFor(provider: DbProvider, prismaDir: string): string {
  return provider === "postgresql" ? path.join(prismaDir, "pg", "migrations") : path.join(prismaDir, "migrations");
}

export function lockfileContent(provider: DbProvider): string {
  return `# Written by scripts/db-migration-create.ts; do not edit.\nprovider = "${provider}"\n`;
}

/** Migration folder names in apply order (their names start with a UTC timestamp). */
export function listMigrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, MIGRATION_SQL)))
    .map((e) => e.name)
    .sort();
}

export function readMigrationList(dir: string) {
  const lockPath = path.join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationNames(dir).map((name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_SQL,
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(dir, name, MIGRATION_SQL), "utf8") },
      },
    })),
  };
}

/** The schema snapshot of the newest migration, or null when there is none yet. */
export function latestSchemaSnapshot(dir: string): SchemaFile | null {
  const names = listMigrationNames(dir);
  const last = names[names.length - 1];
  if (!last) return null;
  const file = path.join(dir, last, SCHEMA_SNAPSHOT);
  if (!fs.existsSync(file)) throw new Error(`Migration ${last} has no ${SCHEMA_SNAPSHOT} snapshot`);
  return { path: file, content: fs.readFileSync(file, "utf8") };
}
