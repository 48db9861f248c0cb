import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["{mta,lib,app,components,scripts}/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // At least 3 workers, even on 2 cores: several MTA tests spend minutes waiting on real timers
    // (the 3-minute rate acceptance test above all), and would otherwise hold a core's worth of slot.
    maxWorkers: Math.max(3, os.availableParallelism()),
  },
});
