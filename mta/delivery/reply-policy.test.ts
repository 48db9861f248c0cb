import os from "node:os";
import { describe, expect, it, vi } from "vitest";
import { resolveDomain } from "../config/resolve";
import { DeliveryQueue } from "../queue/delivery-queue";
import type { QueueManager } from "../queue/queue-manager";
import { compileOrThrow } from "../testing/harness";
import { applyReply } from "./reply-policy";

const config = compileOrThrow(
  `<smtp-pattern-list actions>
    reply /rate limited/ mode=backoff,backoff-to-normal-after=5m
    reply /all clear/ mode=normal
    reply /ip blocked/ disable-source-ip,reenable-after=2m
    reply /ip banned/ disable-source-ip
    reply /not here/ skip-mx
    reply /mailbox full/ bounce-rcpt
    reply /suspended/ bounce-queue
    reply /deferred/ defer-queue,disable-source-ip
</smtp-pattern-list>
<domain *>
    smtp-pattern-list actions
</domain>
<domain mx421.test>
    smtp-421-means-mx-unavailable yes
</domain>
<domain short.test>
    reenable-source-ip-after 5m
</domain>
`,
  os.tmpdir(),
);

function setup(domain = "dst.test") {
  const queues = { enterBackoff: vi.fn(), toNormal: vi.fn(), deferQueue: vi.fn() };
  const queue = new DeliveryQueue(`${domain}/v`, domain, "v");
  const apply = (reply: string, sourceIp?: string) => applyReply(config, resolveDomain(config, domain), queues as unknown as QueueManager, queue, reply, sourceIp, 1_000);
  return { queues, queue, apply };
}

const NOTHING = { endSession: false, skipMx: false, elsewhere: false, bounceRcpt: false, bounceQueue: false };

describe("applyReply", () => {
  it("does nothing for a reply no rule matches", () => {
    const { queues, apply } = setup();
    expect(apply("250 ok")).toEqual(NOTHING);
    expect(apply("421 4.3.2 closing")).toEqual(NOTHING);
    expect(queues.enterBackoff).not.toHaveBeenCalled();
  });

  it("changes the queue's mode, passing the rule's backoff-to-normal-after=", () => {
    const { queues, queue, apply } = setup();
    expect(apply("421 rate limited")).toEqual(NOTHING);
    expect(queues.enterBackoff).toHaveBeenCalledWith(queue, "421 rate limited", 300_000);
    apply("250 all clear");
    expect(queues.toNormal).toHaveBeenCalledWith(queue, "250 all clear", "reply");
  });

  it("disables the session's source address for this queue until reenable-after (else reenable-source-ip-after, 1h by default)", () => {
    const { queue, apply } = setup();
    expect(apply("451 ip blocked", "192.0.2.1")).toEqual({ ...NOTHING, endSession: true, elsewhere: true });
    expect(queue.sourceIp("192.0.2.1")).toMatchObject({ disabledUntil: 1_000 + 120_000, disabledReason: "451 ip blocked" });
    apply("451 ip banned", "192.0.2.2");
    expect(queue.sourceIp("192.0.2.2").disabledUntil).toBe(1_000 + 3_600_000);
    const short = setup("short.test");
    short.apply("451 ip banned", "192.0.2.3");
    expect(short.queue.sourceIp("192.0.2.3").disabledUntil).toBe(1_000 + 300_000);
  });

  it("reports the disable to the queue's listener, which keeps it across restarts (source-disables.ts)", () => {
    const { queue, apply } = setup();
    const changes: unknown[] = [];
    queue.onSourceChange = (...args) => changes.push(args);
    apply("451 ip blocked", "192.0.2.1");
    expect(changes).toEqual([["192.0.2.1", 121_000, "451 ip blocked"]]);
  });

  it("leaves an address it did not choose alone (the {default} VirtualMTA)", () => {
    const { queue, apply } = setup();
    expect(apply("451 ip blocked", undefined)).toEqual(NOTHING);
    expect(queue.sourceIps.size).toBe(0);
  });

  it("skip-mx moves to the next host and keeps the mail for it", () => {
    expect(setup().apply("550 5.7.1 not here")).toEqual({ ...NOTHING, endSession: true, skipMx: true, elsewhere: true });
  });

  it("with smtp-421-means-mx-unavailable, a 421 (and only a 421) skips the host", () => {
    const { apply } = setup("mx421.test");
    expect(apply("421 4.3.2 busy")).toEqual({ ...NOTHING, endSession: true, skipMx: true, elsewhere: true });
    expect(apply("451 4.3.2 busy")).toEqual(NOTHING);
    expect(apply("4210 odd")).toEqual(NOTHING);
  });

  it("reports bounce-rcpt and bounce-queue to the transaction", () => {
    const { apply } = setup();
    expect(apply("452 mailbox full")).toEqual({ ...NOTHING, bounceRcpt: true });
    expect(apply("451 suspended")).toEqual({ ...NOTHING, bounceQueue: true });
  });

  it("defer-queue puts the queue into retry mode and ends the session; its mail waits, even with the address disabled", () => {
    const { queues, queue, apply } = setup();
    expect(apply("451 deferred", "192.0.2.1")).toEqual({ ...NOTHING, endSession: true });
    expect(queues.deferQueue).toHaveBeenCalledWith(queue);
  });
});
