/**
 * Throwaway databases for tests: a SQLite file in a temp dir, or — when TEST_DATABASE_URL (or CI's
 * HERMOD_TEST_POSTGRES_URL) is a postgres URL — a fresh database created next to it (the role needs
 * CREATEDB) and dropped afterwards.
 * Both are migrated with the committed migrations, the way the server does at start.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb, type Db } from "../client";
import { migrateDatabase } from "../migrate";
import type { DbProvider } from "../provider";

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  db: Db;
  cleanup(): Promise<void>;
}

/** The PostgreSQL server tests may create databases on, if any. */
export function testPostgresUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL || process.env.HERMOD_TEST_POSTGRES_URL || "";
  return /^postgres(ql)?:\/\//.test(url) ? url : null;
}

/** The providers to run DB tests on: SQLite always, PostgreSQL when a test server is configured. */
export function testProviders(): DbProvider[] {
  return testPostgresUrl() ? ["sqlite", "postgresql"] : ["sqlite"];
}

/** An empty (unmigrated) database of `provider`. */
export async function createEmptyDatabase(provider: DbProvider): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-db-"));
    return { url: `file:${path.join(dir, "test.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const configured = testPostgresUrl();
  if (!configured) throw new Error("No PostgreSQL test server: set TEST_DATABASE_URL");
  const base = new URL(configured);
  const name = `hermod_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(provider);
  await migrateDatabase(empty.url, { prismaDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma") });
  const { db, ready } = createDb(empty.url);
  await ready;
  return {
    provider,
    url: empty.url,
    db,
    async cleanup() {
      await db.$disconnect();
      await empty.drop();
    },
  };
}
