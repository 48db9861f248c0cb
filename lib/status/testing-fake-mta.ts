/** A fake engine for status-API tests: serves a fixed snapshot and records commands. */

import type { MtaHandle, MtaSnapshot } from "@/mta/index";
import type { TQueueAction, TQueueActionResult } from "../schemas/queue-action";
import type { StatusApiDeps } from "./status-api";
import { snapshot, traffic } from "./testing-fixtures";

export function fakeStatusDeps(over: { snap?: MtaSnapshot; actions?: { actor: string; action: TQueueAction }[] } = {}): StatusApiDeps {
  const snap = over.snap ?? snapshot();
  const actions = over.actions ?? [];
  const mta = {
    snapshot: () => snap,
    listRecipients: async (f: { maxItems: number; queue?: string }) =>
      [{ rcpt: "a@gmail.com", orig: "s@x.com", queue: "gmail.com/v1", messageId: "m1", jobId: "", envId: "", queuedAt: snap.at - 1000, size: 100, attempts: 0, nextAttemptAt: null }].filter((r) => !f.queue || r.queue === f.queue).slice(0, f.maxItems),
    queueSettings: async (q: string) => (q.endsWith("/nope") ? null : [{ directive: "max-smtp-out", value: "20", from: "default" }]),
  } as unknown as MtaHandle;
  return {
    mta: () => mta,
    traffic,
    totalMaxSmtpOut: () => 1200,
    runAction: async (actor, action): Promise<TQueueActionResult> => {
      actions.push({ actor, action });
      return { message: "done", changed: true };
    },
    host: { productName: "Hermod", version: "0.1.0", osName: "Linux", osVersion: "6", cpuType: "x64", cpuCount: 2, ramBytes: 1024, fullHostName: "h" },
    shuttingDown: () => false,
  };
}
