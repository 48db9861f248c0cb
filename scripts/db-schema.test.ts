/**
 * Guards the "one schema, two databases" setup: the PostgreSQL schema is derived from the SQLite one,
 * and every schema change has a committed migration for both providers.
 */

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { latestSchemaSnapshot, listMigrationNames, migrationsDirFor } from "../lib/db/migrations-folder";
import { toPostgresSchema } from "../prisma/to-postgres-schema.mjs";

const prismaDir = path.resolve(__dirname, "../prisma");
const sqliteSchema = fs.readFileSync(path.join(prismaDir, "schema.prisma"), "utf8");

describe("prisma schemas", () => {
  it("derives the PostgreSQL schema by changing only provider and output", () => {
    const pg = toPostgresSchema(sqliteSchema);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output   = "../../generated/pg"');
    const strip = (s: string) => s.split("\n").filter((l) => !/provider|output|^\/\/ GENERATED/.test(l)).join("\n");
    expect(strip(pg)).toBe(strip(sqliteSchema));
    expect(() => toPostgresSchema(sqliteSchema.replace('"sqlite"', '"mysql"'))).toThrow(/provider/);
  });

  it("keeps prisma/pg/schema.prisma up to date (run `npm run db:generate`)", () => {
    expect(fs.readFileSync(path.join(prismaDir, "pg", "schema.prisma"), "utf8")).toBe(toPostgresSchema(sqliteSchema));
  });

  it("stays portable across providers (schema and queries)", () => {
    const code = sqliteSchema.split("\n").filter((l) => !l.trim().startsWith("//")).join("\n");
    expect(code).not.toMatch(/@db\./);
    const dbDir = path.resolve(__dirname, "../lib/db");
    for (const file of fs.readdirSync(dbDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      const source = fs.readFileSync(path.join(dbDir, file), "utf8").split("\n").filter((l) => !/^\s*(\/\/|\*)/.test(l)).join("\n");
      expect(source, file).not.toMatch(/skipDuplicates|mode:\s*"insensitive"/);
    }
  });

  it("has a migration for the current schema, for both providers, with the same history", () => {
    const sqliteDir = migrationsDirFor("sqlite", prismaDir);
    const pgDir = migrationsDirFor("postgresql", prismaDir);
    expect(listMigrationNames(pgDir)).toEqual(listMigrationNames(sqliteDir));
    // A schema edit without `scripts/db-migration-create.ts` leaves the newest snapshot behind.
    expect(latestSchemaSnapshot(sqliteDir)?.content).toBe(sqliteSchema);
    expect(latestSchemaSnapshot(pgDir)?.content).toBe(toPostgresSchema(sqliteSchema));
  });
});
