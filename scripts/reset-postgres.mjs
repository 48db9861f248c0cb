#!/usr/bin/env node
// Empties a PostgreSQL test database (drops and recreates the public schema) so an e2e run starts
// from a fresh install, as a new user's would. Refuses anything but a loopback server.
import pg from "pg";

const url = process.argv[2];
if (!url || !/^postgres(ql)?:\/\/[^@]*@(127\.0\.0\.1|localhost)[:/]/.test(url)) {
  console.error("usage: reset-postgres.mjs postgresql://user:pass@127.0.0.1:5432/db (loopback only)");
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
await client.end();
