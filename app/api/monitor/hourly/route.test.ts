import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const session = vi.hoisted(() => ({ current: null as null | { user: { id: string } } }));
const users = vi.hoisted(() => new Map<string, { id: string; username: string; role: "admin" | "operator" | "viewer" }>());
const hourly = vi.hoisted(() => vi.fn(async (query: { range: string; domain?: string }) => ({ range: query.range, domain: query.domain ?? null, points: [], topDomains: [] })));
vi.mock("next-auth", () => ({ getServerSession: vi.fn(async () => session.current) }));
vi.mock("@/lib/auth/auth-options", () => ({ getAuthOptions: () => ({}) }));
vi.mock("@/lib/services/get-active-user", () => ({ getActiveUser: vi.fn(async (id: string) => users.get(id) ?? null) }));
vi.mock("@/lib/services/monitor-hourly", () => ({ getHourlyThroughput: hourly }));

import { GET } from "./route";

const get = (query = "") => GET(new Request(`http://console.test/api/monitor/hourly${query}`));

beforeEach(() => {
  session.current = null;
  users.clear();
  hourly.mockClear();
  users.set("u-viewer", { id: "u-viewer", username: "vic", role: "viewer" });
});

describe("GET /api/monitor/hourly", () => {
  it("refuses anonymous and disabled users before reading anything", async () => {
    expect((await get()).status).toBe(401);
    session.current = { user: { id: "u-gone" } };
    expect((await get("?range=7d")).status).toBe(401);
    expect(hourly).not.toHaveBeenCalled();
  });

  it("serves a viewer (monitor.read) the range asked for, 24 h by default", async () => {
    session.current = { user: { id: "u-viewer" } };
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ range: "24h", domain: null, points: [], topDomains: [] });
    expect((await (await get("?range=7d&domain=Example.TEST")).json()).domain).toBe("example.test");
  });

  it("answers 400 with field errors for a bad range, a bad domain or an unknown parameter", async () => {
    session.current = { user: { id: "u-viewer" } };
    const bad = await get("?range=1y");
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields.range).toBeDefined();
    expect((await get("?domain=a%20b")).status).toBe(400);
    expect((await get("?days=3")).status).toBe(400);
    expect(hourly).not.toHaveBeenCalled();
  });
});
