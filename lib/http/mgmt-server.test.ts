import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpAccessLevel } from "@/mta/index";
import { authenticateApiKey } from "../services/api-keys/authenticate-api-key";
import { handleStatusApi } from "../status/status-api";
import { fakeStatusDeps } from "../status/testing-fake-mta";
import { authorizeMgmtRequest } from "./mgmt-auth";
import { MgmtServer } from "./mgmt-server";

const DIRECTIVE_KEY = "k".repeat(40);
const httpConfig = { port: 0, access: [{ cidr: "127.0.0.1/32", level: "monitor" as const }, { cidr: "::1/128", level: "monitor" as const }], apiKeys: [DIRECTIVE_KEY] };
const noRows = { findActiveByHash: async () => null, touch: async () => undefined };

function get(port: number, path: string, opts: { key?: string; localAddress?: string; method?: string; body?: string } = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: opts.method ?? "GET", localAddress: opts.localAddress, headers: { ...(opts.key ? { "x-api-key": opts.key } : {}), ...(opts.body ? { "content-type": "application/json" } : {}) } },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

describe("http-access levels", () => {
  it("takes the first matching line; no match is none", () => {
    const access = [
      { cidr: "10.0.0.0/8", level: "operator" as const },
      { cidr: "10.1.0.0/16", level: "none" as const },
      { cidr: "2001:db8::/32", level: "admin" as const },
    ];
    expect(httpAccessLevel(access, "10.1.2.3")).toBe("operator");
    expect(httpAccessLevel(access, "::ffff:10.9.9.9")).toBe("operator");
    expect(httpAccessLevel(access, "2001:db8::1")).toBe("admin");
    expect(httpAccessLevel(access, "192.0.2.1")).toBe("none");
  });
});

describe("management server", () => {
  const server = new MgmtServer({
    host: "0.0.0.0",
    authorize: ({ apiKey, ip }) => authorizeMgmtRequest({ apiKey, ip, http: httpConfig, authenticateKey: (k, d) => authenticateApiKey(k, { directiveKeys: d, keys: noRows, now: () => new Date() }) }),
    handle: (req) => handleStatusApi(req, fakeStatusDeps()),
  });
  let port = 0;
  beforeAll(async () => {
    await server.start(0);
    port = server.port!;
  });
  afterAll(async () => {
    await server.stop();
  });

  it("serves /status to an allowed address without a key", async () => {
    const r = await get(port, "/status?format=json");
    expect(r.status).toBe(200);
    expect(r.type).toContain("application/json");
    expect(JSON.parse(r.body).data.status.queue.smtp.rcp).toBe(42);
  });

  it("refuses a disallowed address without a key with 401, and admits it with the http-api-key", async () => {
    const refused = await get(port, "/status?format=json", { localAddress: "127.0.0.2" });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ status: "error", error: "unauthorized" });
    expect(JSON.parse(refused.body).message).toContain("127.0.0.2");
    expect((await get(port, "/status", { localAddress: "127.0.0.2", key: DIRECTIVE_KEY })).status).toBe(200);
    // Even unknown paths answer 401 first, so an outsider learns nothing.
    expect((await get(port, "/nothing", { localAddress: "127.0.0.2" })).status).toBe(401);
  });

  it("refuses a wrong key even from an allowed address", async () => {
    expect((await get(port, "/status", { key: "x".repeat(40) })).status).toBe(401);
  });

  it("lets the monitor level read but not run commands; the admin key runs them", async () => {
    const body = JSON.stringify({ action: "pause-queue", queue: "gmail.com/v1" });
    expect((await get(port, "/commands", { method: "POST", body })).status).toBe(403);
    const ok = await get(port, "/commands", { method: "POST", body, key: DIRECTIVE_KEY });
    expect([ok.status, JSON.parse(ok.body).data.message]).toEqual([200, "done"]);
    expect((await get(port, "/commands", { method: "POST", body: "{", key: DIRECTIVE_KEY })).status).toBe(400);
  });

  it("serves every PowerMTA document, XML and /metrics", async () => {
    for (const path of ["/queues", "/domains", "/vmtas", "/jobs"]) expect((await get(port, path)).status).toBe(200);
    expect((await get(port, "/vmtas?format=xml")).body).toContain("<vmta><name>v1</name><rcp>37</rcp>");
    const m = await get(port, "/metrics");
    expect(m.type).toContain("text/plain; version=0.0.4");
    expect((await get(port, "/nothing")).status).toBe(404);
  });

  it("reports a bind failure to the caller and stays stopped", async () => {
    const other = new MgmtServer({ host: "0.0.0.0", authorize: async () => ({ ok: false, status: 401, code: "x", message: "x" }), handle: async () => ({ status: 200, contentType: "text/plain", body: "" }) });
    await expect(other.start(port)).rejects.toMatchObject({ code: "EADDRINUSE" });
    expect(other.port).toBeNull();
  });
});

describe("API key authentication", () => {
  it("maps the directive key to admin and a console key to its role, and records use", async () => {
    const touched: string[] = [];
    const { hashApiKey } = await import("../db/api-key-repository");
    const secret = "hk_" + "a".repeat(64);
    const keys = {
      findActiveByHash: async (h: string) => (h === hashApiKey(secret) ? { id: "1", name: "grafana", role: "viewer" as const, prefix: "", createdBy: "", createdAt: new Date(), lastUsedAt: null, revokedAt: null, hash: h } : null),
      touch: async (id: string) => void touched.push(id),
    };
    const deps = { directiveKeys: [DIRECTIVE_KEY], keys, now: () => new Date() };
    expect(await authenticateApiKey(DIRECTIVE_KEY, deps)).toEqual({ role: "admin", actor: "http-api-key" });
    expect(await authenticateApiKey(secret, deps)).toEqual({ role: "viewer", actor: "api-key:grafana" });
    expect(await authenticateApiKey("hk_nope", deps)).toBeNull();
    expect(await authenticateApiKey("", deps)).toBeNull();
    expect(touched).toEqual(["1"]);
  });
});

describe("cached API key authentication", () => {
  it("reads the database once per interval for a valid key, every time for an invalid one", async () => {
    const { cachedApiKeyAuthenticator } = await import("../services/api-keys/authenticate-api-key");
    const { hashApiKey } = await import("../db/api-key-repository");
    const secret = "hk_" + "b".repeat(64);
    let reads = 0;
    let now = 1_000_000;
    const keys = {
      findActiveByHash: async (h: string) => {
        reads++;
        return h === hashApiKey(secret) ? { id: "1", name: "poller", role: "viewer" as const, prefix: "", createdBy: "", createdAt: new Date(), lastUsedAt: new Date(now), revokedAt: null, hash: h } : null;
      },
      touch: async () => undefined,
    };
    const auth = cachedApiKeyAuthenticator(5_000, (d) => ({ directiveKeys: d, keys, now: () => new Date(now) }));
    for (let i = 0; i < 5; i++) expect(await auth(secret, [])).toEqual({ role: "viewer", actor: "api-key:poller" });
    expect(reads).toBe(1);
    now += 5_001;
    await auth(secret, []);
    expect(reads).toBe(2);
    await auth("hk_bad", []);
    await auth("hk_bad", []);
    expect(reads).toBe(4);
    expect(await auth(DIRECTIVE_KEY, [DIRECTIVE_KEY])).toEqual({ role: "admin", actor: "http-api-key" });
    expect(reads).toBe(4);
  });
});
