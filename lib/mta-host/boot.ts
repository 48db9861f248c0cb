/**
 * Starts this process's engine once: reads the PowerMTA-syntax config (writing the commented default
 * on first start), builds the MTA with the database-backed record sink, starts it, and registers it
 * for the console (lib/mta-host/handle.ts). Called by server.ts; imports nothing from next/*.
 */

import fs from "node:fs";
import path from "node:path";
import { createRecordPipeline, defaultConfigText, formatDiagnostic, loadConfigFile, type MtaHandle, type RecordPipeline, type RecordSink } from "@/mta/index";
import { withConsoleDkimKeys } from "../dkim/engine-keys";
import { EngineThread } from "./engine-thread";
import { getMta, registerMta } from "./handle";

export interface BootOptions {
  configPath: string;
  dataDir: string;
  recordSink?: RecordSink;
}

const recordPipelines = new WeakMap<MtaHandle, RecordPipeline>();

const consoleLogger = {
  debug: () => undefined,
  info: (msg: string, fields?: Record<string, unknown>) => console.log(`hermod: ${msg}`, fields ?? ""),
  warn: (msg: string, fields?: Record<string, unknown>) => console.warn(`hermod: ${msg}`, fields ?? ""),
  error: (msg: string, fields?: Record<string, unknown>) => console.error(`hermod: ${msg}`, fields ?? ""),
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Starts the engine, or returns the one already running in this process (dev reloads). */
export async function bootMta(options: BootOptions): Promise<MtaHandle> {
  const running = getMta();
  if (running) return running;
  ensureConfigFile(options.configPath);
  const { config, diagnostics } = await loadConfigFile(options.configPath);
  for (const d of diagnostics) (d.severity === "error" ? console.error : console.warn)(formatDiagnostic(d));
  if (!config) {
    throw new ConfigError(`${options.configPath} has errors (listed above); Hermod did not start. Fix them and start again.`);
  }
  // The console's DKIM keys join the file's, at start and on every reload (lib/dkim/engine-keys.ts).
  const mta = new EngineThread({ config: await withConsoleDkimKeys(config), dataDir: options.dataDir });
  mta.fileConfig = config;
  mta.completeConfig = withConsoleDkimKeys;
  await mta.start();
  // Accounting records are written from this thread, which is mostly idle: the CSV files of
  // `<acct-file>` and, batched and retried, the database rows behind the console.
  const pipeline = createRecordPipeline({ csvFiles: [...config.acctFiles], sink: options.recordSink, logger: consoleLogger });
  mta.events.on("record", (r) => pipeline.push(r));
  mta.events.on("feedback", (r) => pipeline.pushFeedback(r));
  mta.afterReload = (next) => pipeline.reconfigure([...next.acctFiles]);
  recordPipelines.set(mta, pipeline);
  registerMta(mta);
  const listeners = config.listeners.map((l) => `${l.host}:${l.port}`).join(", ");
  console.log(`Hermod MTA: SMTP on ${listeners}; config ${options.configPath}`);
  return mta;
}

/** Stops the engine gracefully and unregisters it. */
export async function shutdownMta(graceMs: number): Promise<void> {
  const mta = getMta();
  if (!mta) return;
  await mta.stop(graceMs);
  await recordPipelines.get(mta)?.close();
  registerMta(undefined);
}

function ensureConfigFile(configPath: string): void {
  if (fs.existsSync(configPath)) return;
  fs.mkdirSync(path.dirname(configPath), { recursive: true });
  const tmp = `${configPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, defaultConfigText(), { mode: 0o644 });
  fs.renameSync(tmp, configPath);
  console.log(`Hermod: wrote the default configuration to ${configPath}`);
}
