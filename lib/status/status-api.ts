/**
 * The status API behind both the management port (lib/http/mgmt-server.ts, PowerMTA's paths) and the
 * console's /api/v1 routes: one function from (method, document name, query, body, caller) to an HTTP
 * answer, so both serve the same documents with the same checks. Reads need monitor.read; commands
 * need queues.write. Framework-free: no next/* imports.
 */

import os from "node:os";
import type { MtaHandle } from "@/mta/index";
import { hasPermission } from "../auth/permissions";
import { isExpectedError } from "../errors";
import type { TTraffic } from "../schemas/monitor";
import { ZQueueAction, type TQueueAction, type TQueueActionResult } from "../schemas/queue-action";
import { parseFormat, renderError, renderSuccess, type StatusFormat } from "./envelope";
import type { Principal } from "./principal";
import { PROMETHEUS_CONTENT_TYPE, buildMetrics } from "./prometheus";
import { buildDomainsDocument, buildJobsDocument, buildQueuesDocument, buildVmtasDocument } from "./queue-documents";
import { ZListQuery, ZQueuesQuery, ZSettingsQuery, issuesText } from "./status-queries";
import { buildStatusDocument, type HostInfo } from "./status-document";

export interface StatusApiDeps {
  mta: () => MtaHandle | null;
  traffic: () => TTraffic;
  totalMaxSmtpOut: () => number;
  runAction: (actor: string, action: TQueueAction) => Promise<TQueueActionResult>;
  host: HostInfo;
  shuttingDown: () => boolean;
}

export interface StatusApiRequest {
  method: string;
  /** The document: "status", "queues", "domains", "vmtas", "jobs", "metrics", "list", "settings", "commands". */
  name: string;
  query: URLSearchParams;
  /** Parsed JSON body of a POST (undefined when none or not JSON). */
  body?: unknown;
  principal: Principal;
}

export interface StatusApiResponse {
  status: number;
  contentType: string;
  body: string;
}

export const READ_DOCUMENTS = ["status", "queues", "domains", "vmtas", "jobs", "metrics", "list", "settings"] as const;

export function hostInfo(version: string): HostInfo {
  return {
    productName: "Hermod",
    version,
    osName: os.type(),
    osVersion: os.release(),
    cpuType: os.arch(),
    cpuCount: os.cpus().length,
    ramBytes: os.totalmem(),
    fullHostName: os.hostname(),
  };
}

const PEAKS = Symbol.for("hermod.status-peaks");
type PeakRegistry = { [PEAKS]?: { smtpIn: number; smtpOut: number } };

/** Highest connection counts seen by the status API in this process (`conn.*.top`). */
function peaks(smtpIn: number, smtpOut: number): { smtpIn: number; smtpOut: number } {
  const reg = globalThis as PeakRegistry;
  const p = (reg[PEAKS] ??= { smtpIn: 0, smtpOut: 0 });
  p.smtpIn = Math.max(p.smtpIn, smtpIn);
  p.smtpOut = Math.max(p.smtpOut, smtpOut);
  return { ...p };
}

function answer(status: number, body: { contentType: string; body: string }): StatusApiResponse {
  return { status, ...body };
}

function fail(status: number, code: string, message: string, format: StatusFormat = "json"): StatusApiResponse {
  return answer(status, renderError(code, message, format));
}

export async function handleStatusApi(req: StatusApiRequest, deps: StatusApiDeps): Promise<StatusApiResponse> {
  const format = parseFormat(req.query.get("format"));
  if (!format) return fail(400, "bad-format", 'format is "json" or "xml".');
  const isCommand = req.name === "commands";
  if (!isCommand && !(READ_DOCUMENTS as readonly string[]).includes(req.name)) return fail(404, "not-found", `No document ${req.name}.`, format);
  if (isCommand && req.method !== "POST") return fail(405, "method-not-allowed", "Commands are POSTed.");
  if (!isCommand && req.method !== "GET" && req.method !== "HEAD") return fail(405, "method-not-allowed", `${req.name} is read with GET.`, format);
  const permission = isCommand ? "queues.write" : "monitor.read";
  if (!hasPermission(req.principal.role, permission)) return fail(403, "forbidden", `${req.principal.actor} lacks ${permission}.`, format);

  const mta = deps.mta();
  if (!mta) return fail(503, "engine-down", "The MTA is not running in this process.", format);
  try {
    if (isCommand) return await command(req, deps);
    return await read(req, mta, deps, format);
  } catch (err) {
    if (isExpectedError(err)) return fail(err.code === "NOTHING_TO_DO" ? 409 : 400, err.code, err.message, format);
    console.error(`hermod: status API ${req.name} failed`, err);
    return fail(500, "internal", "The request failed; the error was logged.", format);
  }
}

async function command(req: StatusApiRequest, deps: StatusApiDeps): Promise<StatusApiResponse> {
  const parsed = ZQueueAction.safeParse(req.body);
  if (!parsed.success) return fail(400, "invalid-command", issuesText(parsed.error));
  const result = await deps.runAction(req.principal.actor, parsed.data);
  return answer(200, renderSuccess(result, "json"));
}

async function read(req: StatusApiRequest, mta: MtaHandle, deps: StatusApiDeps, format: StatusFormat): Promise<StatusApiResponse> {
  const s = mta.snapshot();
  switch (req.name) {
    case "status": {
      const top = peaks(s.connections.smtpIn, s.connections.smtpOut);
      const doc = buildStatusDocument({ snapshot: s, traffic: deps.traffic(), host: deps.host, peaks: top, limits: { smtpIn: 0, smtpOut: deps.totalMaxSmtpOut() }, shuttingDown: deps.shuttingDown() });
      return answer(200, renderSuccess(doc, format));
    }
    case "queues": {
      const q = ZQueuesQuery.safeParse(Object.fromEntries(req.query));
      if (!q.success) return fail(400, "invalid-query", issuesText(q.error), format);
      return answer(200, renderSuccess(buildQueuesDocument(s, q.data), format));
    }
    case "domains":
      return answer(200, renderSuccess(buildDomainsDocument(s), format));
    case "vmtas":
      return answer(200, renderSuccess(buildVmtasDocument(s), format));
    case "jobs":
      return answer(200, renderSuccess(buildJobsDocument(s), format));
    case "metrics":
      return { status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: buildMetrics(s, deps.traffic()) };
    case "list": {
      const q = ZListQuery.safeParse(Object.fromEntries(req.query));
      if (!q.success) return fail(400, "invalid-query", issuesText(q.error), format);
      const rows = await mta.listRecipients(q.data);
      return answer(200, renderSuccess({ rcpt: rows.map((r) => ({ ...r, queuedAt: new Date(r.queuedAt).toISOString(), nextAttemptAt: r.nextAttemptAt === null ? "" : new Date(r.nextAttemptAt).toISOString() })) }, format));
    }
    case "settings": {
      const q = ZSettingsQuery.safeParse(Object.fromEntries(req.query));
      if (!q.success) return fail(400, "invalid-query", issuesText(q.error), format);
      const settings = await mta.queueSettings(q.data.queue);
      if (!settings) return fail(404, "not-found", `No VirtualMTA for ${q.data.queue}.`, format);
      return answer(200, renderSuccess({ queue: q.data.queue, setting: settings }, format));
    }
  }
  return fail(404, "not-found", `No document ${req.name}.`, format);
}
