// Runs engine-worker.ts in its thread through tsx, for `npm run dev` and tests (engine-thread.ts
// startWorker): Node 20 does not pass a parent's `--import tsx` loader on to worker threads.
import { tsImport } from "tsx/esm/api";

await tsImport("./engine-worker.ts", import.meta.url);
