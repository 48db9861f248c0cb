import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "./client";
import { listMigrationNames, migrationsDirFor } from "./migrations-folder";
import { migrateDatabase } from "./migrate";
import { createEmptyDatabase, testProviders } from "./testing/test-database";

const prismaDir = path.resolve(__dirname, "../../prisma");
const drops: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (drops.length) await drops.pop()!();
});

describe.each(testProviders())("migrateDatabase on %s", (provider) => {
  it("applies every committed migration once, then nothing", async () => {
    const empty = await createEmptyDatabase(provider);
    drops.push(empty.drop);
    const expected = listMigrationNames(migrationsDirFor(provider, prismaDir));
    expect(expected.length).toBeGreaterThan(0);

    expect((await migrateDatabase(empty.url, { prismaDir })).applied).toEqual(expected);
    expect((await migrateDatabase(empty.url, { prismaDir })).applied).toEqual([]);

    const { db } = createDb(empty.url);
    try {
      const rows = await db.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(expected);
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      // The schema is usable through the generated client.
      await db.user.create({ data: { username: "probe", passwordHash: "x", role: "viewer" } });
      expect(await db.user.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("fails clearly when there are no migrations", async () => {
    const empty = await createEmptyDatabase(provider);
    drops.push(empty.drop);
    await expect(migrateDatabase(empty.url, { prismaDir: "/nonexistent" })).rejects.toThrow(/No .* migrations found/);
  });
});

it("turns on WAL for SQLite", async () => {
  const empty = await createEmptyDatabase("sqlite");
  drops.push(empty.drop);
  await migrateDatabase(empty.url, { prismaDir });
  const { db, ready } = createDb(empty.url);
  await ready;
  try {
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
  } finally {
    await db.$disconnect();
  }
});
