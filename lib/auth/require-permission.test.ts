import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const session = vi.hoisted(() => ({ current: null as null | { user: { id: string } } }));
const users = vi.hoisted(() => new Map<string, { id: string; username: string; role: "admin" | "operator" | "viewer" }>());
vi.mock("next-auth", () => ({ getServerSession: vi.fn(async () => session.current) }));
vi.mock("./auth-options", () => ({ getAuthOptions: () => ({}) }));
vi.mock("../services/get-active-user", () => ({ getActiveUser: vi.fn(async (id: string) => users.get(id) ?? null) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`REDIRECT ${to}`);
  },
  forbidden: () => {
    throw new Error("FORBIDDEN");
  },
}));

import { PermissionError, requireActionPermission, requirePagePermission, requireRoutePermission } from "./require-permission";

beforeEach(() => {
  session.current = null;
  users.clear();
  users.set("u-admin", { id: "u-admin", username: "ada", role: "admin" });
  users.set("u-viewer", { id: "u-viewer", username: "vic", role: "viewer" });
});

describe("requireRoutePermission", () => {
  it("answers 401 without a session and 403 without the permission", async () => {
    const anon = await requireRoutePermission("users.read");
    expect(anon.ok === false && anon.response.status).toBe(401);
    session.current = { user: { id: "u-viewer" } };
    const viewer = await requireRoutePermission("users.read");
    expect(viewer.ok === false && viewer.response.status).toBe(403);
    expect(viewer.ok === false && (await viewer.response.json())).toEqual({ error: "forbidden" });
    expect(await requireRoutePermission("monitor.read")).toMatchObject({ ok: true, user: { username: "vic" } });
  });

  it("uses the role stored now, not the one in the token", async () => {
    session.current = { user: { id: "u-admin" } };
    expect((await requireRoutePermission("users.write")).ok).toBe(true);
    users.set("u-admin", { id: "u-admin", username: "ada", role: "viewer" }); // demoted
    const demoted = await requireRoutePermission("users.write");
    expect(demoted.ok === false && demoted.response.status).toBe(403);
    users.delete("u-admin"); // disabled or deleted: getActiveUser returns null
    const gone = await requireRoutePermission("monitor.read");
    expect(gone.ok === false && gone.response.status).toBe(401);
  });
});

describe("requirePagePermission", () => {
  it("redirects anonymous users to /login and forbids missing permissions", async () => {
    await expect(requirePagePermission("monitor.read")).rejects.toThrow("REDIRECT /login");
    session.current = { user: { id: "u-viewer" } };
    await expect(requirePagePermission("users.read")).rejects.toThrow("FORBIDDEN");
    await expect(requirePagePermission("monitor.read")).resolves.toMatchObject({ id: "u-viewer" });
  });
});

describe("requireActionPermission", () => {
  it("throws a typed PermissionError with the status", async () => {
    const anon = await requireActionPermission("users.write").catch((e: unknown) => e);
    expect(anon).toBeInstanceOf(PermissionError);
    expect((anon as PermissionError).status).toBe(401);
    session.current = { user: { id: "u-viewer" } };
    const viewer = await requireActionPermission("users.write").catch((e: unknown) => e);
    expect(viewer).toMatchObject({ status: 403, permission: "users.write" });
    session.current = { user: { id: "u-admin" } };
    await expect(requireActionPermission("users.write")).resolves.toMatchObject({ role: "admin" });
  });
});
