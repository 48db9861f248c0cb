/**
 * How `hermod` reaches the running server: its management port (HERMOD_MGMT_URL, or
 * http://127.0.0.1:<http-mgmt-port of HERMOD_CONFIG>) with an API key (HERMOD_API_KEY, or the key the
 * server wrote at start to $HERMOD_DATA_DIR/cli-api-key, readable only by the user Hermod runs as).
 */

import { loadConfigFile } from "@/mta/index";
import { readCliKeyFile, cliKeyPath } from "../http/mgmt-key-file";
import { cliPaths, type CliIo } from "./cli-io";

export class CliFailure extends Error {
  override name = "CliFailure";
}

export interface ApiEndpoint {
  url: string;
  apiKey: string;
}

export async function resolveEndpoint(io: CliIo): Promise<ApiEndpoint> {
  const { dataDir, configPath } = cliPaths(io);
  let url = io.env.HERMOD_MGMT_URL?.trim();
  if (!url) {
    const { config } = await loadConfigFile(configPath);
    if (!config) throw new CliFailure(`cannot read http-mgmt-port from ${configPath} (it has errors: run \`hermod config test\`); or set HERMOD_MGMT_URL`);
    if (config.http.port === 0) throw new CliFailure(`the management service is off (http-mgmt-port 0 in ${configPath}); enable it, or set HERMOD_MGMT_URL`);
    url = `http://127.0.0.1:${config.http.port}`;
  }
  let apiKey = io.env.HERMOD_API_KEY?.trim();
  if (!apiKey) {
    try {
      apiKey = readCliKeyFile(dataDir) ?? undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliFailure(`cannot read ${cliKeyPath(dataDir)} (${code}); run hermod as the user Hermod runs as, or set HERMOD_API_KEY`);
    }
  }
  if (!apiKey) throw new CliFailure(`no API key: set HERMOD_API_KEY, or start Hermod with HERMOD_DATA_DIR=${dataDir} so it writes ${cliKeyPath(dataDir)}`);
  return { url: url.replace(/\/+$/, ""), apiKey };
}

export interface ApiAnswer {
  status: number;
  /** The parsed JSON envelope, or the raw text for /metrics. */
  json: { data?: unknown; status?: string; message?: string } | null;
  text: string;
}

export async function callApi(endpoint: ApiEndpoint, method: "GET" | "POST", path: string, body?: unknown): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.url}${path}`, {
      method,
      headers: { "x-api-key": endpoint.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new CliFailure(`cannot reach Hermod at ${endpoint.url} (is it running?)`);
  }
  const text = await res.text();
  let json: ApiAnswer["json"] = null;
  try {
    json = JSON.parse(text) as ApiAnswer["json"];
  } catch {
    json = null;
  }
  if (res.status === 401) throw new CliFailure(`Hermod at ${endpoint.url} refused the API key (${json?.message ?? "401"}); check HERMOD_API_KEY or the key file`);
  if (res.status >= 400) throw new CliFailure(json?.message || `Hermod answered ${res.status}`);
  return { status: res.status, json, text };
}
