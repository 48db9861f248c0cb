import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/mta/testing/free-port";
import { portFollower } from "./mgmt-host";
import { MgmtServer } from "./mgmt-server";

function server() {
  return new MgmtServer({ host: "127.0.0.1", authorize: async () => ({ ok: false, status: 401, code: "unauthorized", message: "no" }), handle: async () => ({ status: 200, contentType: "text/plain", body: "" }) });
}

async function answers(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/status`).catch(() => null);
  return res?.status ?? 0;
}

describe("the management port follows the config", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it("starts, moves on a port change, stays on the same port, and turns off at 0", async () => {
    const logs: string[] = [];
    const log = { log: (m: string) => logs.push(m), error: (m: string) => logs.push(`ERROR ${m}`) };
    const f = portFollower(server(), log);
    cleanup.push(() => f.stop());
    const [p1, p2] = [await freePort(), await freePort()];
    await f.listen(p1);
    expect(await answers(p1)).toBe(401);
    await f.listen(p1);
    expect(logs.filter((l) => l.includes(`port ${p1}`))).toHaveLength(1);
    await f.listen(p2);
    expect([await answers(p1), await answers(p2)]).toEqual([0, 401]);
    await f.listen(0);
    expect(await answers(p2)).toBe(0);
    expect(logs.at(-1)).toContain("off (http-mgmt-port 0)");
  });

  it("logs a port it cannot bind and keeps going; a later reload binds", async () => {
    const blocker = net.createServer();
    const busy = await freePort();
    await new Promise<void>((r) => blocker.listen(busy, "127.0.0.1", r));
    const errors: string[] = [];
    const f = portFollower(server(), { log: () => undefined, error: (m: string) => errors.push(m) });
    cleanup.push(() => f.stop());
    await f.listen(busy);
    expect(errors[0]).toMatch(new RegExp(`could not listen on port ${busy} \\(EADDRINUSE\\); SMTP and the console keep running`));
    expect(f.port).toBeNull();
    await new Promise<void>((r) => blocker.close(() => r()));
    await f.listen(busy);
    expect(f.port).toBe(busy);
    expect(await answers(busy)).toBe(401);
  });
});
