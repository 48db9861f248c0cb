/**
 * The one running engine of this process. `server.ts` boots it (lib/mta-host/boot.ts) and registers it
 * here; route handlers and server components reach it through `getMta()`. It lives on globalThis
 * because server.ts and the Next bundle load this module as two separate copies.
 */

import type { MtaHandle } from "@/mta/index";

const KEY = Symbol.for("hermod.mta");

type Registry = { [KEY]?: MtaHandle };

export function registerMta(mta: MtaHandle | undefined): void {
  (globalThis as Registry)[KEY] = mta;
}

/** The running engine, or null when this process has none (e.g. `next dev` without server.ts). */
export function getMta(): MtaHandle | null {
  return (globalThis as Registry)[KEY] ?? null;
}
