import { describe, expect, it } from "vitest";
import type { TQueueAction } from "../schemas/queue-action";
import { ExpectedError } from "../errors";
import { handleStatusApi, type StatusApiRequest } from "./status-api";
import { fakeStatusDeps } from "./testing-fake-mta";

const viewer = { role: "viewer" as const, actor: "address:127.0.0.1" };
const operator = { role: "operator" as const, actor: "api-key:ops" };
const req = (over: Partial<StatusApiRequest>): StatusApiRequest => ({ method: "GET", name: "status", query: new URLSearchParams(), principal: viewer, ...over });

describe("status API", () => {
  it("serves the status document in PowerMTA's JSON envelope, and XML on request", async () => {
    const r = await handleStatusApi(req({}), fakeStatusDeps());
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ status: "success", message: "", data: { status: { traffic: { total: { out: { rcp: 950 } } }, conn: { smtpOut: { max: 1200 } } } } });
    const xml = await handleStatusApi(req({ query: new URLSearchParams("format=xml") }), fakeStatusDeps());
    expect(xml.body).toContain("<rsp><data><mta>");
    expect((await handleStatusApi(req({ query: new URLSearchParams("format=csv") }), fakeStatusDeps())).status).toBe(400);
  });

  it("filters queues and validates the query", async () => {
    const r = await handleStatusApi(req({ name: "queues", query: new URLSearchParams("queue=*/v1&paused=yes") }), fakeStatusDeps());
    expect(JSON.parse(r.body).data.queue.map((q: { name: string }) => q.name)).toEqual(["yahoo.com/v1"]);
    const bad = await handleStatusApi(req({ name: "queues", query: new URLSearchParams("mode=slow&x=1") }), fakeStatusDeps());
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/mode/);
  });

  it("serves /metrics as Prometheus text, /list and /settings", async () => {
    const m = await handleStatusApi(req({ name: "metrics" }), fakeStatusDeps());
    expect(m.contentType).toContain("version=0.0.4");
    expect(m.body).toContain('hermod_queue_recipients{domain="gmail.com",vmta="v1"} 30');
    const list = await handleStatusApi(req({ name: "list", query: new URLSearchParams("queue=gmail.com/v1&maxitems=5") }), fakeStatusDeps());
    expect(JSON.parse(list.body).data.rcpt[0]).toMatchObject({ rcpt: "a@gmail.com", queue: "gmail.com/v1" });
    expect((await handleStatusApi(req({ name: "list", query: new URLSearchParams("maxitems=0") }), fakeStatusDeps())).status).toBe(400);
    const settings = await handleStatusApi(req({ name: "settings", query: new URLSearchParams("queue=gmail.com/v1") }), fakeStatusDeps());
    expect(JSON.parse(settings.body).data.setting[0]).toEqual({ directive: "max-smtp-out", value: "20", from: "default" });
    expect((await handleStatusApi(req({ name: "settings", query: new URLSearchParams("queue=gmail.com/nope") }), fakeStatusDeps())).status).toBe(404);
    expect((await handleStatusApi(req({ name: "settings" }), fakeStatusDeps())).status).toBe(400);
  });

  it("runs commands for operators only, with zod messages on bad input", async () => {
    const actions: { actor: string; action: TQueueAction }[] = [];
    const deps = fakeStatusDeps({ actions });
    const refused = await handleStatusApi(req({ method: "POST", name: "commands", body: { action: "pause-queue", queue: "gmail.com/v1" } }), deps);
    expect(refused.status).toBe(403);
    expect(actions).toEqual([]);
    const ok = await handleStatusApi(req({ method: "POST", name: "commands", principal: operator, body: { action: "pause-queue", queue: "gmail.com/v1" } }), deps);
    expect(ok.status).toBe(200);
    expect(actions).toEqual([{ actor: "api-key:ops", action: { action: "pause-queue", queue: "gmail.com/v1" } }]);
    const bad = await handleStatusApi(req({ method: "POST", name: "commands", principal: operator, body: { action: "pause-queue", queue: "a b" } }), deps);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toContain("queue: Queue is domain or domain/vmta.");
    expect((await handleStatusApi(req({ name: "commands", principal: operator }), deps)).status).toBe(405);
  });

  it("answers 409 when there is nothing to do, 404 for unknown documents, 503 without an engine", async () => {
    const deps = { ...fakeStatusDeps(), runAction: async () => { throw new ExpectedError("NOTHING_TO_DO", "No queue x.com."); } };
    const r = await handleStatusApi(req({ method: "POST", name: "commands", principal: operator, body: { action: "pause-queue", queue: "x.com" } }), deps);
    expect([r.status, JSON.parse(r.body).message]).toEqual([409, "No queue x.com."]);
    expect((await handleStatusApi(req({ name: "nothing" }), fakeStatusDeps())).status).toBe(404);
    expect((await handleStatusApi(req({}), { ...fakeStatusDeps(), mta: () => null })).status).toBe(503);
  });
});
