/**
 * Seeds a fresh SQLite database for the monitor bench: N accounting records (DeliveryRecord) over the
 * last 24 hours and D domains, with the hour, category and job rollups they imply, written with raw
 * multi-row INSERTs in one transaction per table (the server's own write path would take hours).
 */

import path from "node:path";
import Database from "better-sqlite3";
import { migrateDatabase } from "../lib/db/migrate";
import { scaleDomain } from "./scale-inject";

const HOUR_MS = 3_600_000;
const ROWS_PER_INSERT = 500;
const RECORD_COLUMNS = [
  "type", "timeLogged", "timeQueued", "orig", "rcpt", "orcpt", "dsnAction", "dsnStatus", "dsnDiag", "dsnMta", "bounceCat", "srcType", "srcMta",
  "dlvType", "dlvSourceIp", "dlvDestinationIp", "dlvEsmtpAvailable", "dlvSize", "vmta", "jobId", "envId", "queue", "vmtaPool", "dlvTlsProtocol", "dlvTlsCipher", "messageId",
] as const;
const CATEGORIES = ["bad-mailbox", "quota-issues", "policy-related", "spam-related"];
const JOBS = 50;

/** How Prisma's SQLite adapter stores a DateTime. */
const sqliteDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export interface SeedResult {
  records: number;
  hourBuckets: number;
  seconds: number;
}

function insertMany(db: Database.Database, table: string, columns: readonly string[], rows: Iterable<unknown[]>): number {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const one = `(${columns.map(() => "?").join(", ")})`;
  const full = db.prepare(`INSERT INTO "${table}" (${cols}) VALUES ${Array(ROWS_PER_INSERT).fill(one).join(", ")}`);
  let batch: unknown[] = [];
  let n = 0;
  let count = 0;
  for (const row of rows) {
    batch.push(...row);
    count++;
    if (++n === ROWS_PER_INSERT) {
      full.run(batch);
      batch = [];
      n = 0;
    }
  }
  if (n > 0) db.prepare(`INSERT INTO "${table}" (${cols}) VALUES ${Array(n).fill(one).join(", ")}`).run(batch);
  return count;
}

/** Creates and migrates `<dataDir>/hermod.db`, then seeds it. */
export async function seedAccounting(dataDir: string, opts: { records: number; domains: number; now: number }): Promise<SeedResult> {
  const t0 = performance.now();
  const file = path.join(dataDir, "hermod.db");
  await migrateDatabase(`file:${file}`, { prismaDir: path.resolve(import.meta.dirname, "../prisma") });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const firstHour = Math.floor(opts.now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const hours = new Map<string, number[]>(); // hour|domain → [delivered, deliveredKb, deferred, bounced]
  const categories = new Map<string, number[]>();
  const jobs = new Map<string, number[]>();
  const bump = (m: Map<string, number[]>, key: string, i: number, by = 1, width = 4) => {
    let v = m.get(key);
    if (!v) m.set(key, (v = Array(width).fill(0)));
    v[i] += by;
  };
  function* records(): Generator<unknown[]> {
    for (let k = 0; k < opts.records; k++) {
      const domain = scaleDomain(k % opts.domains);
      const hour = firstHour + (k % 24) * HOUR_MS;
      const at = Math.min(opts.now - 1, hour + ((k * 7919) % HOUR_MS));
      const type = k % 100 < 90 ? "d" : k % 100 < 97 ? "t" : "b";
      const category = type === "d" ? "" : CATEGORIES[k % CATEGORIES.length];
      const job = `job-${k % JOBS}`;
      const size = 2_000 + (k % 5_000);
      const key = `${hour}|${domain}`;
      if (type === "d") {
        bump(hours, key, 0);
        bump(hours, key, 1, size / 1024);
      } else {
        bump(hours, key, type === "t" ? 2 : 3);
        bump(categories, `${key}|${category}`, type === "t" ? 0 : 1, 1, 2);
      }
      bump(jobs, `${hour}|${job}`, type === "d" ? 0 : type === "t" ? 1 : 2, 1, 3);
      const status = type === "d" ? ["relayed", "2.0.0 (success)", "smtp;250 2.0.0 OK"] : type === "t" ? ["delayed", "4.2.2 (mailbox full)", "smtp;452 4.2.2 mailbox full"] : ["failed", "5.1.1 (bad destination mailbox address)", "smtp;550 5.1.1 no such user"];
      yield [
        type, sqliteDate(at), sqliteDate(at - 5_000), "bench@src.scale.test", `r${k}@${domain}`, "", status[0], status[1], status[2], `mx.${domain} (127.0.0.1)`, category, "smtp", "bench (127.0.0.1)",
        "smtp", "127.0.0.1", "127.0.0.1", "PIPELINING,8BITMIME", size, "{default}", job, "", `${domain}/{default}`, "", "", "", `m${Math.floor(k / 100)}`,
      ];
    }
  }
  const split = (key: string) => key.split("|");
  db.transaction(() => insertMany(db, "DeliveryRecord", RECORD_COLUMNS, records()))();
  const hourBuckets = db.transaction(() =>
    insertMany(db, "HourBucket", ["hourStart", "domain", "delivered", "deliveredKb", "deferred", "bounced"], [...hours].map(([k, v]) => [sqliteDate(Number(split(k)[0])), split(k)[1], ...v])),
  )();
  db.transaction(() => {
    insertMany(db, "CategoryBucket", ["hourStart", "domain", "category", "deferred", "bounced"], [...categories].map(([k, v]) => [sqliteDate(Number(split(k)[0])), split(k)[1], split(k)[2], ...v]));
    insertMany(db, "JobBucket", ["hourStart", "jobId", "delivered", "deferred", "bounced"], [...jobs].map(([k, v]) => [sqliteDate(Number(split(k)[0])), split(k)[1], ...v]));
  })();
  db.close();
  return { records: opts.records, hourBuckets, seconds: (performance.now() - t0) / 1000 };
}
