/**
 * The engine's constructor, for the one module that runs it (lib/mta-host/engine-worker.ts). Kept
 * out of mta/index.ts so that the console's bundle, which imports the config language and the
 * engine's types from there, does not pull in the spool and the SMTP stack.
 */

export { createMta, type MtaOptions } from "./runtime";
