/**
 * Creates a migration for BOTH providers from the current schema:
 *
 *   node --import tsx scripts/db-migration-create.ts <name> [--pg-url postgres://...]
 *
 * Each provider's SQL is the wasm schema engine's diff from the previous migration's schema snapshot
 * (or from nothing) to the current schema; the snapshot is saved next to the SQL for the next diff.
 * The PostgreSQL engine connects eagerly, so a reachable (empty, scratch) database is required: pass
 * --pg-url or set MIGRATION_PG_URL / TEST_DATABASE_URL / HERMOD_TEST_POSTGRES_URL. Nothing is written unless both diffs succeed.
 */

import fs from "node:fs";
import path from "node:path";
import { mockMigrationAwareAdapterFactory } from "@prisma/driver-adapter-utils";
import { toPostgresSchema } from "../prisma/to-postgres-schema.mjs";
import {
  LOCKFILE,
  MIGRATION_SQL,
  SCHEMA_SNAPSHOT,
  latestSchemaSnapshot,
  lockfileContent,
  migrationsDirFor,
} from "../lib/db/migrations-folder";
import { createAdapterFactory, type DbProvider } from "../lib/db/provider";
import { NO_FILTERS, openSchemaEngine, type SchemaFile } from "../lib/db/schema-engine";

const prismaDir = path.resolve("prisma");
const EMPTY_MIGRATION = /^\s*(--[^\n]*\n?\s*)*$/;

function parseArgs(argv: string[]): { name: string; pgUrl: string | undefined } {
  const rest = [...argv];
  let pgUrl = process.env.MIGRATION_PG_URL || process.env.TEST_DATABASE_URL || process.env.HERMOD_TEST_POSTGRES_URL;
  const i = rest.indexOf("--pg-url");
  if (i >= 0) {
    pgUrl = rest[i + 1];
    rest.splice(i, 2);
  }
  const name = rest[0] ?? "";
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new Error("usage: db-migration-create.ts <name: [a-z0-9_]+> [--pg-url postgres://...]");
  }
  return { name, pgUrl };
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function diffFor(provider: DbProvider, target: SchemaFile, pgUrl: string | undefined): Promise<string | null> {
  const dir = migrationsDirFor(provider, prismaDir);
  const previous = latestSchemaSnapshot(dir);
  let factory;
  if (provider === "sqlite") {
    factory = mockMigrationAwareAdapterFactory("sqlite");
  } else {
    if (!pgUrl) throw new Error("PostgreSQL migrations need a reachable scratch database: pass --pg-url");
    factory = createAdapterFactory(pgUrl);
  }
  const { engine, close } = await openSchemaEngine(target, factory);
  try {
    const result = await engine.diff({
      from: previous ? { tag: "schemaDatamodel", files: [previous] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [target] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = result.stdout ?? "";
    return EMPTY_MIGRATION.test(sql) ? null : sql;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  const { name, pgUrl } = parseArgs(process.argv.slice(2));
  const sqliteSchema = fs.readFileSync(path.join(prismaDir, "schema.prisma"), "utf8");
  const targets: Record<DbProvider, SchemaFile> = {
    sqlite: { path: path.join(prismaDir, "schema.prisma"), content: sqliteSchema },
    postgresql: { path: path.join(prismaDir, "pg", "schema.prisma"), content: toPostgresSchema(sqliteSchema) },
  };

  const sql: Record<DbProvider, string | null> = {
    sqlite: await diffFor("sqlite", targets.sqlite, pgUrl),
    postgresql: await diffFor("postgresql", targets.postgresql, pgUrl),
  };
  if (!sql.sqlite && !sql.postgresql) {
    console.log("No schema changes: no migration created.");
    return;
  }

  const folder = `${timestamp()}_${name}`;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const dir = migrationsDirFor(provider, prismaDir);
    const target = path.join(dir, folder);
    fs.mkdirSync(target, { recursive: true });
    if (!fs.existsSync(path.join(dir, LOCKFILE))) fs.writeFileSync(path.join(dir, LOCKFILE), lockfileContent(provider));
    // A provider without changes still gets the folder, so both histories keep the same names.
    fs.writeFileSync(path.join(target, MIGRATION_SQL), sql[provider] ?? "-- No changes for this provider.\n");
    fs.writeFileSync(path.join(target, SCHEMA_SNAPSHOT), targets[provider].content);
    console.log(`${provider}: ${path.relative(process.cwd(), target)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
