/**
 * The management HTTP service on `http-mgmt-port` (PowerMTA's pmtahttp): the status documents at
 * PowerMTA's paths (/status, /queues, /domains, /vmtas, /jobs, ?format=json|xml, JSON by default),
 * /metrics, GET /list and /settings, and POST /commands for the CLI. Every request is authorised
 * (lib/http/mgmt-auth.ts) before anything else. It listens on every interface, as PowerMTA's does:
 * `http-access` decides who gets in. No next/* imports: server.ts runs it.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { renderError } from "../status/envelope";
import type { Principal } from "../status/principal";
import type { StatusApiRequest, StatusApiResponse } from "../status/status-api";

export interface MgmtServerOptions {
  authorize: (req: { apiKey: string | undefined; ip: string }) => Promise<{ ok: true; principal: Principal } | { ok: false; status: number; code: string; message: string }>;
  handle: (req: StatusApiRequest) => Promise<StatusApiResponse>;
  /** The address to bind; default every interface (`::`, or 0.0.0.0 without IPv6). */
  host?: string;
  log?: Pick<Console, "log" | "error">;
}

const MAX_BODY_BYTES = 64 * 1024;
const PATH = /^\/(status|queues|domains|vmtas|jobs|metrics|list|settings|commands)\/?$/;

function send(res: ServerResponse, status: number, contentType: string, body: string, head = false): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const r = renderError(code, message);
  send(res, status, r.contentType, r.body);
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: "The body is larger than 64 KB." };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { ok: true, value: text ? JSON.parse(text) : undefined };
  } catch {
    return { ok: false, status: 400, message: "The body is not JSON." };
  }
}

function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export class MgmtServer {
  private server: Server | null = null;

  constructor(private readonly options: MgmtServerOptions) {}

  /** The bound port, or null when not listening. */
  get port(): number | null {
    const a = this.server?.address();
    return a && typeof a === "object" ? (a as AddressInfo).port : null;
  }

  /** Listens on `port`; rejects with the bind error (EADDRINUSE, EACCES) and stays stopped. */
  async start(port: number): Promise<void> {
    if (this.server) throw new Error("the management server is already running");
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    const listen = (host: string) =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
    if (this.options.host) await listen(this.options.host);
    else {
      try {
        await listen("::");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EAFNOSUPPORT" && code !== "EADDRNOTAVAIL") throw err;
        await listen("0.0.0.0");
      }
    }
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const match = PATH.exec(url.pathname);
      const header = req.headers["x-api-key"];
      const auth = await this.options.authorize({ apiKey: Array.isArray(header) ? header[0] : header, ip: clientIp(req) });
      if (!auth.ok) return sendError(res, auth.status, auth.code, auth.message);
      if (!match) return sendError(res, 404, "not-found", `No document at ${url.pathname}; try /status, /queues, /domains, /vmtas, /jobs or /metrics.`);
      let body: unknown;
      if (req.method === "POST") {
        const parsed = await readJson(req);
        if (!parsed.ok) return sendError(res, parsed.status, "invalid-body", parsed.message);
        body = parsed.value;
      }
      const method = req.method ?? "GET";
      const r = await this.options.handle({ method, name: match[1], query: url.searchParams, body, principal: auth.principal });
      send(res, r.status, r.contentType, r.body, method === "HEAD");
    } catch (err) {
      this.options.log?.error("hermod: management request failed", err);
      if (!res.headersSent) sendError(res, 500, "internal", "The request failed; the error was logged.");
      else res.destroy();
    }
  }
}
