/**
 * The process environment, parsed once with zod. Bad values fail fast with one message listing every
 * problem. Imported by server.ts at boot as well as by the Next bundle, so it must not import
 * "server-only" or anything from next/*.
 */

import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HERMOD_DATA_DIR: z.string().min(1).default("./data"),
    HERMOD_CONFIG: optionalNonEmpty,
    DATABASE_URL: optionalNonEmpty.pipe(
      z
        .string()
        .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres:// / postgresql://")
        .optional(),
    ),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOSTNAME: z.string().min(1).default("127.0.0.1"),
    HERMOD_ADMIN_PASSWORD: optionalNonEmpty.pipe(z.string().min(12, "must be at least 12 characters").optional()),
    NEXTAUTH_SECRET: optionalNonEmpty.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    AUTH_SECRET: optionalNonEmpty.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    NEXTAUTH_URL: optionalNonEmpty.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Comma-separated proxy addresses whose X-Forwarded-For is trusted (lib/http/client-ip.ts). */
    HERMOD_TRUSTED_PROXIES: z.string().default(""),
  })
  .transform((raw) => {
    // turbopackIgnore: runtime paths, not files to trace into the build output.
    const dataDir = path.resolve(/*turbopackIgnore: true*/ raw.HERMOD_DATA_DIR);
    return {
      nodeEnv: raw.NODE_ENV,
      dataDir,
      configPath: path.resolve(/*turbopackIgnore: true*/ raw.HERMOD_CONFIG ?? path.join(dataDir, "hermod.conf")),
      databaseUrl: raw.DATABASE_URL ?? `file:${path.join(/*turbopackIgnore: true*/ dataDir, "hermod.db")}`,
      port: raw.PORT,
      hostname: raw.HOSTNAME,
      adminPassword: raw.HERMOD_ADMIN_PASSWORD,
      authSecret: raw.NEXTAUTH_SECRET ?? raw.AUTH_SECRET,
      authUrl: raw.NEXTAUTH_URL ?? `http://127.0.0.1:${raw.PORT}`,
      trustedProxies: raw.HERMOD_TRUSTED_PROXIES.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    };
  });

export type TEnv = z.output<typeof ZEnv>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses `source` without caching or side effects (tests). */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

const KEY = Symbol.for("hermod.env");
type Registry = { [KEY]?: TEnv };

/** The parsed environment, computed once per process; creates the data directory if missing. */
export function getEnv(): TEnv {
  const registry = globalThis as Registry;
  if (!registry[KEY]) {
    const env = parseEnv(process.env);
    fs.mkdirSync(env.dataDir, { recursive: true });
    registry[KEY] = env;
  }
  return registry[KEY];
}
