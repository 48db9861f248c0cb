/**
 * Prepares the database without starting the server: applies pending migrations and creates the first
 * admin (printed once, or from HERMOD_ADMIN_PASSWORD), exactly as server.ts does at start. For
 * `next dev` without server.ts, and for operators who migrate before a deploy.
 *
 *   node --import tsx scripts/db-setup.ts
 */

import { disconnectDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { getEnv } from "../lib/env";
import { ensureAdminUser } from "../lib/services/ensure-admin";

async function main(): Promise<void> {
  const env = getEnv();
  const { applied } = await migrateDatabase(env.databaseUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
  await ensureAdminUser();
  await disconnectDb();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
