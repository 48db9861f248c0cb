/**
 * One PrismaClient per process. server.ts and the Next bundle load this module as two copies, so the
 * instance lives on globalThis. SQLite (the default) runs in WAL mode with synchronous=NORMAL, which
 * is what makes Prisma writes fast enough next to the MTA (stack-probe.md §7). PostgreSQL is used when
 * DATABASE_URL is a postgres URL; its generated client is typed as the SQLite one (same models).
 * Runs outside Next's bundler too: no "server-only", nothing from next/*.
 */

import { PrismaClient as PgPrismaClient } from "@/generated/pg/client";
import { PrismaClient as SqlitePrismaClient } from "@/generated/prisma/client";
import { getEnv } from "../env";
import { createAdapterFactory, providerOf } from "./provider";

/** Secret columns are left out of every query unless a repository asks for them explicitly. */
const CLIENT_OPTIONS = { omit: { user: { passwordHash: true } } } as const;

function newSqliteClient(url: string) {
  return new SqlitePrismaClient({ ...CLIENT_OPTIONS, adapter: createAdapterFactory(url) });
}

export type Db = ReturnType<typeof newSqliteClient>;

export interface DbHandle {
  db: Db;
  /** Resolves once per-connection settings (SQLite pragmas) are applied. */
  ready: Promise<void>;
}

/** A new client for `url`; prefer `getDb()` outside tests. */
export function createDb(url: string): DbHandle {
  if (providerOf(url) === "postgresql") {
    const db = new PgPrismaClient({ ...CLIENT_OPTIONS, adapter: createAdapterFactory(url) }) as unknown as Db;
    return { db, ready: Promise.resolve() };
  }
  const db = newSqliteClient(url);
  // journal_mode=WAL persists in the file; synchronous is per connection (the adapter keeps one).
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
  })();
  return { db, ready };
}

const KEY = Symbol.for("hermod.db");
type Registry = { [KEY]?: DbHandle };

function handle(): DbHandle {
  const registry = globalThis as Registry;
  if (!registry[KEY]) {
    const created = createDb(getEnv().databaseUrl);
    created.ready.catch((err: unknown) => console.error("hermod: database setup failed", err));
    registry[KEY] = created;
  }
  return registry[KEY];
}

/** The process-wide client for DATABASE_URL (or the SQLite file in HERMOD_DATA_DIR). */
export function getDb(): Db {
  return handle().db;
}

/** Awaits the process-wide client's setup; server.ts may call it after migrating. */
export function dbReady(): Promise<void> {
  return handle().ready;
}

/** Disconnects the process-wide client (on shutdown, after the last write). */
export async function disconnectDb(): Promise<void> {
  const registry = globalThis as Registry;
  const current = registry[KEY];
  registry[KEY] = undefined;
  await current?.db.$disconnect();
}
