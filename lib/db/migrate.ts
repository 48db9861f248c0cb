/**
 * Applies pending migrations at start, through the wasm schema engine and the driver adapter of the
 * target database. Idempotent: applied migrations are recorded in `_prisma_migrations` (with
 * checksums, the table `prisma migrate deploy` writes), so a second run applies nothing.
 * Runs outside Next's bundler (server.ts): no "server-only", nothing from next/*.
 */

import path from "node:path";
import { latestSchemaSnapshot, migrationsDirFor, readMigrationList } from "./migrations-folder";
import { createAdapterFactory, providerOf } from "./provider";
import { NO_FILTERS, openSchemaEngine } from "./schema-engine";

export interface MigrateOptions {
  /** Folder holding `migrations/` and `pg/migrations/`; defaults to `./prisma` under the working directory. */
  prismaDir?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const provider = providerOf(url);
  const dir = migrationsDirFor(provider, options.prismaDir ?? path.resolve("prisma"));
  const schema = latestSchemaSnapshot(dir);
  if (!schema) throw new Error(`No ${provider} migrations found in ${dir}`);

  const { engine, close } = await openSchemaEngine(schema, createAdapterFactory(url), options.log);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationList(dir),
      filters: NO_FILTERS,
    });
    return { applied: appliedMigrationNames };
  } finally {
    await close();
  }
}
