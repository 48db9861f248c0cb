/**
 * Loads Prisma's schema engine compiled to WebAssembly and binds it to a driver adapter. The Prisma 7
 * CLI needs a native engine it cannot download here; the wasm build does migrations offline
 * (shared/reference/stack-probe.md §3). Used by lib/db/migrate.ts and scripts/db-migration-create.ts.
 */

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
// The package's main entry imports `.wasm` as an ES module, which Node 20 cannot do: load the JS glue
// and instantiate the wasm ourselves.
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngine = bg.SchemaEngine;
export type SchemaFile = { path: string; content: string };
/** No externally managed tables or enums (prisma.config.ts `tables.external` / `enums.external`). */
export const NO_FILTERS: { externalTables: string[]; externalEnums: string[] } = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;

/** The wasm module holds global state, so it is instantiated once per process. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start?: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
  })();
  return wasmReady;
}

/** An engine plus the connections it opened; `close()` frees both (the engine does not close them). */
export interface OpenSchemaEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/**
 * A schema engine connected (eagerly) through `adapterFactory`. `schema` only has to name the right
 * datasource provider; callers pass the schema snapshot they migrate towards. Always `close()` it:
 * an open SQLite connection keeps its lock and an open pg pool keeps the process alive.
 */
export async function openSchemaEngine(
  schema: SchemaFile,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<OpenSchemaEngine> {
  await loadWasm();
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: () => track(() => adapterFactory.connect()),
    connectToShadowDb: () => track(() => adapterFactory.connectToShadowDb()),
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (message: unknown) => log(String(message)),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
