import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills defaults from the data directory", () => {
    const env = parseEnv({ HERMOD_DATA_DIR: "/srv/hermod" });
    expect(env).toMatchObject({
      dataDir: "/srv/hermod",
      configPath: "/srv/hermod/hermod.conf",
      databaseUrl: "file:/srv/hermod/hermod.db",
      port: 3000,
      hostname: "127.0.0.1",
      authUrl: "http://127.0.0.1:3000",
      trustedProxies: [],
    });
    expect(parseEnv({}).dataDir).toBe(path.resolve("data"));
  });

  it("takes explicit values and treats empty strings as unset", () => {
    const env = parseEnv({
      PORT: "8080",
      DATABASE_URL: "postgresql://u:p@db:5432/hermod",
      HERMOD_CONFIG: "",
      AUTH_SECRET: "s".repeat(32),
      HERMOD_TRUSTED_PROXIES: "10.0.0.1, 10.0.0.2",
    });
    expect(env).toMatchObject({ port: 8080, databaseUrl: "postgresql://u:p@db:5432/hermod", authUrl: "http://127.0.0.1:8080", trustedProxies: ["10.0.0.1", "10.0.0.2"] });
    expect(env.authSecret).toHaveLength(32);
  });

  it("fails fast with every problem listed", () => {
    const attempt = () => parseEnv({ PORT: "http", DATABASE_URL: "mysql://x", HERMOD_ADMIN_PASSWORD: "short", NEXTAUTH_URL: "ftp://x" });
    expect(attempt).toThrow(EnvError);
    for (const name of ["PORT", "DATABASE_URL", "HERMOD_ADMIN_PASSWORD", "NEXTAUTH_URL"]) {
      expect(attempt).toThrow(new RegExp(`^  ${name}: `, "m"));
    }
  });
});
