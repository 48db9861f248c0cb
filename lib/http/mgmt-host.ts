/**
 * server.ts's side of the management service: reads the config's http-* directives, starts the
 * management server on `http-mgmt-port` (0: off), moves it when a reload changes the port, writes the
 * CLI's key file, and stops it on shutdown. A port that cannot be bound is logged and leaves SMTP and
 * the console running. No next/* imports.
 */

import { loadConfigFile, type MtaConfig, type MtaHandle } from "@/mta/index";
import { createApiKeyRepository } from "../db/api-key-repository";
import { cachedApiKeyAuthenticator } from "../services/api-keys/authenticate-api-key";
import { getRunningMgmtConfig, mgmtConfigOf, setRunningMgmtConfig } from "../status/running-config";
import { handleStatusApi } from "../status/status-api";
import { defaultStatusApiDeps, markShuttingDown } from "../status/status-sources";
import { authorizeMgmtRequest } from "./mgmt-auth";
import { CLI_KEY_NAME, writeCliKeyFile } from "./mgmt-key-file";
import { MgmtServer } from "./mgmt-server";

export interface ManagementService {
  /** The port it listens on, null when off or when binding failed. */
  readonly port: number | null;
  stop(): Promise<void>;
}

export interface ManagementOptions {
  mta: MtaHandle;
  configPath: string;
  dataDir: string;
  log?: Pick<Console, "log" | "error" | "warn">;
}

/** How long a console key's lookup is remembered (a revoked key works at most this much longer). */
const KEY_CACHE_MS = 5_000;

type ReloadHook = { afterReload: ((config: MtaConfig) => Promise<void>) | null };

export async function startManagementService(options: ManagementOptions): Promise<ManagementService> {
  const log = options.log ?? console;
  // The engine was just started from this file, so it compiles; read it for the http-* directives.
  const { config } = await loadConfigFile(options.configPath);
  if (config) setRunningMgmtConfig(mgmtConfigOf(config));

  try {
    const { secret } = await createApiKeyRepository().replace({ name: CLI_KEY_NAME, role: "admin", createdBy: "system" });
    writeCliKeyFile(options.dataDir, secret);
  } catch (err) {
    log.error("Hermod: could not write the CLI's API key file; `hermod` needs HERMOD_API_KEY", err);
  }

  const deps = defaultStatusApiDeps();
  const authenticateKey = cachedApiKeyAuthenticator(KEY_CACHE_MS);
  const server = new MgmtServer({
    log,
    authorize: async ({ apiKey, ip }) => {
      const running = getRunningMgmtConfig();
      if (!running) return { ok: false, status: 401, code: "unauthorized", message: "No configuration is loaded." };
      return authorizeMgmtRequest({ apiKey, ip, http: running.http, authenticateKey });
    },
    handle: (req) => handleStatusApi(req, deps),
  });

  const follower = portFollower(server, log);
  await follower.listen(config?.http.port ?? 0);

  // Reloads from the console or SIGHUP both go through the engine handle: follow them.
  const hook = options.mta as unknown as Partial<ReloadHook>;
  if ("afterReload" in hook) {
    const previous = hook.afterReload ?? null;
    hook.afterReload = async (next) => {
      await previous?.(next);
      setRunningMgmtConfig(mgmtConfigOf(next));
      await follower.listen(next.http.port);
    };
  }

  return {
    get port() {
      return server.port;
    },
    async stop() {
      markShuttingDown();
      await follower.stop();
    },
  };
}

/**
 * Keeps `server` on the configured port: `listen(port)` does nothing when already there, moves it
 * otherwise, and turns it off for 0. A bind failure is logged, never thrown, so SMTP and the console
 * go on; the next reload tries again.
 */
export function portFollower(server: Pick<MgmtServer, "start" | "stop">, log: Pick<Console, "log" | "error">) {
  let listening: number | null = null;
  return {
    get port() {
      return listening;
    },
    async listen(port: number): Promise<void> {
      if (port === listening) return;
      if (listening !== null) {
        await server.stop();
        listening = null;
      }
      if (port === 0) return log.log("Hermod: management service off (http-mgmt-port 0)");
      try {
        await server.start(port);
        listening = port;
        log.log(`Hermod management service (status API, /metrics) on port ${port}`);
      } catch (err) {
        log.error(
          `Hermod: the management service could not listen on port ${port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); SMTP and the console keep running. Free the port or change http-mgmt-port and reload.`,
        );
      }
    },
    async stop(): Promise<void> {
      await server.stop();
      listening = null;
    },
  };
}
