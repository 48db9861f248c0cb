/**
 * Completion's ordering and DSN decisions, on a fake spool that logs its calls: the DSN is durable
 * before its recipients are marked done (the crash-safety of one DSN per recipient rests on it, with
 * `dsnFor` at recovery), a relay DSN only where the next hop could not report, delay notices once per
 * recipient and interval, and none again after a restart for an interval that began before it.
 */

import { describe, expect, it } from "vitest";
import { record } from "../records/test-records";
import type { Envelope, EnvelopeRecipient, Spool } from "../spool/spool";
import { Completion, type CompletionDeps } from "./completion";
import { QueuedMessage } from "./queued-message";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const HOUR = 3_600_000;

function message(recipients: EnvelopeRecipient[], receivedAt = 0): QueuedMessage {
  const env: Envelope = { id: "m1", receivedAt, mailFrom: "s@src.test", recipients, source: { ip: "127.0.0.1", helo: "h", type: "smtp" }, size: 10 };
  return new QueuedMessage(env);
}

function setup(over: Partial<CompletionDeps> = {}) {
  const log: string[] = [];
  const spool = {
    markDone: async (id: string, rcpts: number[]) => void log.push(`markDone ${id} ${rcpts.join(",")}`),
    remove: async (id: string) => void log.push(`remove ${id}`),
    setSchedule: () => undefined,
  } as unknown as Spool;
  const dsn = (id: string) => ({ id }) as Envelope;
  const completion = new Completion({
    spool,
    logger: quiet,
    record: () => undefined,
    spoolDsn: async (_msg, outcomes) => (log.push(`dsn ${outcomes.map((o) => `${o.record.type}${o.index}`).join(",")}`), dsn("dsn")),
    spoolDelayNotice: async (_msg, rcpts, n) => (log.push(`notice ${n} ${rcpts.join(",")}`), dsn("notice")),
    enqueue: (env) => void log.push(`enqueue ${env.id}`),
    startedAt: () => 0,
    delayEvery: () => 4 * HOUR,
    ...over,
  });
  return { completion, log };
}

describe("Completion", () => {
  it("spools the DSN before the recipients are marked done, and removes the message last", async () => {
    const { completion, log } = setup();
    const msg = message([{ address: "a@x.test" }, { address: "b@x.test" }]);
    msg.markDone([0, 1]);
    completion.settle(msg, [{ index: 0, record: record({ type: "b" }) }, { index: 1, record: record({ type: "d" }) }], [0, 1]);
    await completion.drain();
    expect(log).toEqual(["dsn b0", "markDone m1 0,1", "enqueue dsn", "remove m1"]);
  });

  it("reports a relay for NOTIFY=SUCCESS only when the next hop has no DSN extension", async () => {
    const { completion, log } = setup();
    const success = { success: true, failure: true, delay: false };
    const msg = message([{ address: "a@x.test", notify: success }, { address: "b@x.test", notify: success }, { address: "c@x.test" }]);
    const ok = (ext: string) => record({ type: "d", dlvEsmtpAvailable: ext });
    completion.settle(msg, [{ index: 0, record: ok("PIPELINING,8BITMIME") }, { index: 1, record: ok("PIPELINING,DSN") }, { index: 2, record: ok("") }], [0, 1, 2]);
    await completion.drain();
    expect(log.filter((l) => l.startsWith("dsn"))).toEqual(["dsn d0"]);
  });

  it("sends notice n once per recipient, whichever queue reports it first", async () => {
    const { completion, log } = setup();
    const msg = message([{ address: "a@x.test" }, { address: "b@y.test" }], 0);
    completion.delayed(msg, [0], 1, null, 0);
    completion.delayed(msg, [1], 1, null, 0);
    completion.delayed(msg, [0], 1, null, 0);
    completion.delayed(msg, [0, 1], 2, null, 0);
    await completion.drain();
    expect(log).toEqual(["notice 1 0", "enqueue notice", "notice 1 1", "enqueue notice", "notice 2 0,1", "enqueue notice"]);
  });

  it("after a restart, sends no notice for an interval that began before it", async () => {
    // Received at 0, restarted at 5h with notices every 4h: notice 1 (due at 4h) may have gone out.
    const { completion, log } = setup({ startedAt: () => 5 * HOUR });
    const msg = message([{ address: "a@x.test" }], 0);
    completion.delayed(msg, [0], 1, null, 0);
    completion.delayed(msg, [0], 2, null, 0);
    await completion.drain();
    expect(log).toEqual(["notice 2 0", "enqueue notice"]);
  });
});
