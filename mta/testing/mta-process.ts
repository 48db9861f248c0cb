/**
 * The engine alone in a process of its own (no console, no database), for tests that must kill it:
 * `node --import tsx mta/testing/mta-process.ts CONFIG DATA_DIR`. Prints "ready" once listening and
 * stops gracefully on SIGTERM. Test-only.
 */

import { loadConfigFile, formatDiagnostic } from "../config/index";
import { createMta } from "../runtime";

const [configPath, dataDir] = process.argv.slice(2);
const { config, diagnostics } = await loadConfigFile(configPath);
if (!config) {
  console.error(diagnostics.map(formatDiagnostic).join("\n"));
  process.exit(2);
}
const mta = createMta({ config, dataDir, deliveryIdleMs: 500 });
await mta.start();
console.log("ready");
process.on("SIGTERM", () => void mta.stop(2_000).then(() => process.exit(0)));
