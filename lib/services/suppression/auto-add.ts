/**
 * Auto-add: hard bounces (`b` records of category bad-mailbox, inactive-mailbox or bad-domain) go to
 * the lists with `autoAddBounces`, complaints (`addComplaint`, called by the feedback-loop
 * processor) to the lists with `autoAddComplaints`. Off the engine's path: bounces are collected from
 * the console's copy of the record events (as lib/mta-host/monitor.ts) and written in batches.
 * A hash-only list gets the address's SHA-256.
 */

import type { AcctRecord, MtaHandle, SuppressionValue } from "@/mta/index";
import type { SuppressionOrigin } from "@/lib/db/suppression-entry-repository";
import { normalizeAddress, sha256Hex } from "@/lib/suppression/parse-entry";
import { loadIntoEngine } from "./engine-sync";
import { defaultSuppressionDeps, type SuppressionDeps } from "./manage-lists";

export const HARD_BOUNCE_CATEGORIES: ReadonlySet<string> = new Set(["bad-mailbox", "inactive-mailbox", "bad-domain"]);
const FLUSH_MS = 2_000;
const MAX_PENDING = 10_000;

/** Adds `addresses` to every list with the given auto-add switch on; resolves to how many rows were new. */
export async function addToAutoLists(what: "bounces" | "complaints", addresses: readonly string[], deps: SuppressionDeps = defaultSuppressionDeps()): Promise<number> {
  const normalized = [...new Set(addresses.map((a) => normalizeAddress(a)).filter((a): a is string => a !== null))];
  if (normalized.length === 0) return 0;
  const origin: SuppressionOrigin = what === "bounces" ? "bounce" : "complaint";
  let added = 0;
  for (const list of await deps.lists.autoAdding(what)) {
    const values: SuppressionValue[] = normalized.map((a) => (list.hashOnly ? { kind: "sha256", value: sha256Hex(a) } : { kind: "address", value: a }));
    const n = await deps.entries.insertMany(list.id, values, origin);
    if (n > 0) {
      await deps.engine()?.addSuppressionEntries(list.id, values);
      await deps.lists.recount(list.id);
    }
    added += n;
  }
  return added;
}

/** A complainant (from an `f` record): suppressed in every list with auto-add of complaints on. */
export async function addComplaint(address: string, deps: SuppressionDeps = defaultSuppressionDeps()): Promise<number> {
  return addToAutoLists("complaints", [address], deps);
}

export interface SuppressionService {
  /** Resolves once the boot load into the engine is done. */
  loaded: Promise<number>;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** At boot: loads the lists into the engine and starts collecting hard bounces. */
export function startSuppression(mta: MtaHandle, deps: SuppressionDeps = defaultSuppressionDeps()): SuppressionService {
  let pending: string[] = [];
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return running;
    running = running
      .then(() => addToAutoLists("bounces", batch, deps))
      .then(
        () => {},
        (err) => console.error("suppression: auto-add of bounces failed", err),
      );
    return running;
  };
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref?.();
  const off = mta.events.on("record", (r: AcctRecord) => {
    if (r.type !== "b" || !HARD_BOUNCE_CATEGORIES.has(r.bounceCat)) return;
    pending.push(r.rcpt);
    if (pending.length >= MAX_PENDING) void flush();
  });
  const loaded = loadIntoEngine(mta, deps.lists, deps.entries).catch((err) => {
    console.error("suppression: loading the lists into the engine failed", err);
    return 0;
  });
  return {
    loaded,
    flush,
    async stop() {
      clearInterval(timer);
      off();
      await flush();
    },
  };
}
