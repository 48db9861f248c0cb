import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness } from "../testing/harness";
import { loopbackRelayConfig } from "../testing/relay-config";
import { sendRaw } from "../testing/raw-smtp";
import { startSink } from "../testing/sink";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Accepts TCP connections and never says a word: the worst kind of destination. */
async function blackhole(): Promise<{ port: number; connections: () => number }> {
  let open = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    open++;
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => (open--, sockets.delete(s)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))));
  return { port: (server.address() as net.AddressInfo).port, connections: () => open };
}

describe("one dead destination never stalls the others", () => {
  it("delivers a healthy domain at once while a black-holed one holds only its own connections", async () => {
    const hole = await blackhole();
    const sink = await startSink();
    cleanup.push(() => sink.close());
    const h = await startHarness(
      (port) =>
        loopbackRelayConfig({
          smtpPort: port,
          sinkPort: sink.port,
          blocks: ["<domain dead.test>", `    smtp-hosts [127.0.0.1]:${hole.port}`, "    max-smtp-out 3", "    smtp-greeting-timeout 30s", "</domain>"],
        }),
    );
    cleanup.push(() => h.stop());
    for (let i = 0; i < 20; i++) await sendRaw(h.port, { from: "a@src.test", to: [`u${i}@dead.test`], body: "Subject: dead\r\n\r\nx" });
    const started = Date.now();
    for (let i = 0; i < 10; i++) await sendRaw(h.port, { from: "a@src.test", to: [`u${i}@ok.test`], body: "Subject: ok\r\n\r\nx" });
    await sink.waitFor(10, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hole.connections()).toBeLessThanOrEqual(3);
    const dead = h.mta.snapshot().queues.find((q) => q.domain === "dead.test");
    expect(dead).toMatchObject({ recipients: 20, activeConnections: 3 });
  });
});
