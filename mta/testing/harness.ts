/**
 * Starts a real engine on loopback for integration tests: a temp data directory, a config compiled
 * from text (with the listener on a free port and every domain routed to a test sink unless the text
 * says otherwise), and helpers to send mail and wait for outcomes. Test-only.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MtaHandle } from "../handle";
import type { AcctRecord } from "../records/acct-record";
import type { MtaConfig } from "../config/types";
import { compileConfigText } from "../config/load";
import { createMta, type MtaOptions } from "../runtime";
import type { Logger } from "../ports";
import { freePort } from "./free-port";

export interface Harness {
  mta: MtaHandle;
  port: number;
  dataDir: string;
  config: MtaConfig;
  records: AcctRecord[];
  /** Resolves once `predicate` holds for the records seen so far. */
  waitForRecords(predicate: (records: AcctRecord[]) => boolean, timeoutMs?: number): Promise<AcctRecord[]>;
  stop(): Promise<void>;
}

/** Polls `condition` every 50 ms until it holds, or rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error: (m, f) => console.error(m, f) };

/** Compiles `text` (with `%PORT%` replaced by the listener port) or throws with its diagnostics. */
export function compileOrThrow(text: string, dir: string): MtaConfig {
  const file = path.join(dir, "hermod.conf");
  const result = compileConfigText(text, { file, rootDir: dir });
  if (!result.config) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return result.config;
}

export async function startHarness(
  configText: (port: number) => string,
  opts: Partial<MtaOptions> & { dataDir?: string; port?: number } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "hermod-test-"));
  const port = opts.port ?? (await freePort());
  const config = compileOrThrow(configText(port), dataDir);
  const mta = createMta({ logger: quietLogger, deliveryIdleMs: 200, ...opts, config, dataDir });
  const records: AcctRecord[] = [];
  const waiters = new Set<() => void>();
  mta.events.on("record", (r) => {
    records.push(r);
    for (const w of [...waiters]) w();
  });
  await mta.start();
  return {
    mta,
    port,
    dataDir,
    config,
    records,
    waitForRecords(predicate, timeoutMs = 10_000) {
      if (predicate(records)) return Promise.resolve(records);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(records)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(records);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; records: ${JSON.stringify(records.map((r) => [r.type, r.rcpt, r.dsnDiag]))}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop: () => mta.stop(1_000),
  };
}
