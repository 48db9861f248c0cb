import { describe, expect, it } from "vitest";
import { SinkLog, type SinkConnection, type SinkTransaction } from "./sink-log";

function connection(id: number, openedAt: number, closedAt: number | null, domains: string[]): SinkConnection {
  return { id, localPort: 25, listenerDomain: null, domains: new Set(domains), clientAddress: "127.0.0.1", clientPort: 40000 + id, openedAt, closedAt, helo: "h", tls: null, tlsFailed: false };
}

function transaction(c: SinkConnection, at: number, rcpts: [string, string | null][], reply: string | null): SinkTransaction {
  return {
    connection: c,
    at,
    helo: "h",
    tls: null,
    from: "s@src.test",
    rcpts: rcpts.map(([address, r], i) => ({ address, at: at + i, attempt: 0, reply: r })),
    dataAt: reply ? at + 10 : null,
    reply,
    repliedAt: reply ? at + 10 : null,
    message: reply?.startsWith("2") ? { from: "s@src.test", to: rcpts.map(([a]) => a), data: Buffer.from("x"), remoteAddress: "127.0.0.1", helo: "h", secure: false, at: at + 10 } : null,
  };
}

describe("sink log queries", () => {
  it("computes delivery rates per domain over a window, per message or per recipient", () => {
    const log = new SinkLog();
    const c = connection(1, 0, 10_000, ["a.test"]);
    for (let i = 0; i < 10; i++) log.transactions.push(transaction(c, i * 100, [["x@a.test", "250 Accepted"], ["y@a.test", "250 Accepted"]], "250 ok"));
    log.transactions.push(transaction(c, 2_000, [["x@a.test", "250 Accepted"]], "452 4.2.2 full"));
    expect(log.acceptedTimes("a.test")).toHaveLength(10);
    expect(log.ratePerSecond("a.test", 0, 1_000)).toBe(10);
    expect(log.ratePerSecond("a.test", 0, 1_000, "recipients")).toBe(20);
    expect(log.ratePerSecond("a.test", 0, 2_000)).toBe(5);
    expect(log.ratePerSecond("b.test", 0, 1_000)).toBe(0);
    expect(() => log.ratePerSecond("a.test", 5, 5)).toThrow(/empty window/);
  });

  it("lists a recipient's attempts with the reply that decided each, and their spacing", () => {
    const log = new SinkLog();
    const c = connection(1, 0, 100_000, ["g.test"]);
    log.transactions.push(transaction(c, 1_000, [["u@g.test", "450 4.2.0 greylisted"]], null));
    log.transactions.push(transaction(c, 61_000, [["u@g.test", "250 Accepted"]], "451 4.3.0 try later"));
    log.transactions.push(transaction(c, 181_000, [["U@g.test", "250 Accepted"]], "250 ok"));
    const attempts = log.attemptsFor("u@G.test");
    expect(attempts.map((a) => [a.reply, a.accepted])).toEqual([
      ["450 4.2.0 greylisted", false],
      ["451 4.3.0 try later", false],
      ["250 ok", true],
    ]);
    expect(attempts[0].dataReply).toBeNull();
    expect(log.spacingMs("u@g.test")).toEqual([60_000, 120_000]);
  });

  it("tracks the most connections open at once, overall and per domain", () => {
    const log = new SinkLog();
    log.connections.push(connection(1, 0, 100, ["a.test"]), connection(2, 50, 150, ["a.test"]), connection(3, 100, 200, ["a.test"]));
    log.connections.push(connection(4, 60, null, ["b.test"]));
    // 1 closes at 100 exactly when 3 opens: not concurrent.
    expect(log.maxConcurrentConnections("a.test")).toBe(2);
    expect(log.maxConcurrentConnections("b.test")).toBe(1);
    expect(log.maxConcurrentConnections()).toBe(3);
    expect(log.openConnections()).toBe(1);
    expect(log.connectionsFor("A.test").map((c) => c.id)).toEqual([1, 2, 3]);
  });

  it("waits for a predicate and names the state when it times out", async () => {
    const log = new SinkLog();
    const waiting = log.until(() => log.messages.length > 0 && log.messages.length, 1_000);
    log.messages.push({ from: "", to: [], data: Buffer.alloc(0), remoteAddress: "", helo: "", secure: false, at: 0 });
    log.changed();
    await expect(waiting).resolves.toBe(1);
    await expect(log.until(() => false, 20, "nothing")).rejects.toThrow(/nothing: 0 connections, 0 transactions, 1 accepted/);
  });
});
