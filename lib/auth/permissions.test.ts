import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, hasPermission, isRole } from "./permissions";

describe("ROLE_PERMISSIONS", () => {
  it("gives admin every permission", () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it("lets viewers only read", () => {
    for (const p of ROLE_PERMISSIONS.viewer) expect(p).toMatch(/\.read$/);
    expect(hasPermission("viewer", "monitor.read")).toBe(true);
    expect(hasPermission("viewer", "queues.write")).toBe(false);
  });

  it("lets operators act on queues but not on users or config", () => {
    expect(hasPermission("operator", "queues.write")).toBe(true);
    for (const p of ["users.read", "users.write", "config.write"] as const) expect(hasPermission("operator", p)).toBe(false);
  });

  it("lets every role read the config, and only admins change it or see its secrets", () => {
    expect(ROLES.filter((r) => hasPermission(r, "config.read"))).toEqual(["admin", "operator", "viewer"]);
    expect(ROLES.filter((r) => hasPermission(r, "config.write"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => hasPermission(r, "config.secrets.read"))).toEqual(["admin"]);
  });

  it("keeps users management admin-only", () => {
    expect(ROLES.filter((r) => hasPermission(r, "users.write"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => hasPermission(r, "users.read"))).toEqual(["admin"]);
  });

  it("orders roles by privilege: each role holds everything of the role below it", () => {
    const has = (r: (typeof ROLES)[number]) => new Set(ROLE_PERMISSIONS[r]);
    for (const p of has("viewer")) expect(has("operator").has(p)).toBe(true);
    for (const p of has("operator")) expect(has("admin").has(p)).toBe(true);
  });

  it("is frozen and rejects unknown roles", () => {
    expect(Object.isFrozen(ROLE_PERMISSIONS)).toBe(true);
    expect(Object.isFrozen(ROLE_PERMISSIONS.viewer)).toBe(true);
    expect(isRole("admin")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(hasPermission("root" as never, "monitor.read")).toBe(false);
  });
});
