/**
 * The `hermod` commands that talk to the running server (lib/cli/api-client.ts): `show …`, `list`,
 * and the operator commands, which POST a queue action (lib/schemas/queue-action.ts) to /commands.
 * `commandRequest` maps words and options to one request (pure, unit-tested); `runRemote` sends it
 * and prints a table, or the raw JSON document with --json.
 */

import type { TQueueActionInput } from "../schemas/queue-action";
import { UsageError, takeOptions, type ParsedArgs } from "./args";
import { EXIT, type CliIo } from "./cli-io";
import { callApi, resolveEndpoint } from "./api-client";
import { formatJobs, formatQueues, formatRecipients, formatStatus, formatVmtas } from "./tables";

export type RemoteRequest =
  | { kind: "read"; path: string; view: "status" | "queues" | "vmtas" | "jobs" | "list"; json: boolean; maxItems?: number }
  | { kind: "action"; action: TQueueActionInput; json: boolean };

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
};

function one(words: string[], what: string): string {
  if (words.length !== 1) throw new UsageError(`expected ${what}`);
  return words[0];
}

function maxItems(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError("--maxitems is a positive whole number");
  return n;
}

function yesNo(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === "yes" || value === "no") return value;
  throw new UsageError(`--${name} is yes or no`);
}

/** The request for a command line, null when it is not a remote command. */
export function commandRequest(args: ParsedArgs): RemoteRequest | null {
  const [verb, noun, ...rest] = args.words;
  if (verb === "show") {
    if (noun === "status" && rest.length === 0) return { kind: "read", path: "/status", view: "status", json: takeOptions(args, {}).json };
    if (noun === "queues" || noun === "topqueues") {
      const o = takeOptions(args, { value: ["mode", "paused", "maxitems"] });
      if (o.values.mode !== undefined && o.values.mode !== "normal" && o.values.mode !== "backoff") throw new UsageError("--mode is normal or backoff");
      if (rest.length > 1) throw new UsageError("expected at most one domain[/vmta]");
      const limit = maxItems(o.values.maxitems) ?? (noun === "topqueues" ? 10 : undefined);
      return { kind: "read", path: `/queues${query({ queue: rest[0], mode: o.values.mode, paused: yesNo(o.values.paused, "paused") })}`, view: "queues", json: o.json, maxItems: limit };
    }
    if ((noun === "vmtas" || noun === "jobs") && rest.length === 0) {
      const o = takeOptions(args, { value: ["maxitems"] });
      return { kind: "read", path: `/${noun}`, view: noun, json: o.json, maxItems: maxItems(o.values.maxitems) };
    }
    return null;
  }
  if (verb === "list") {
    const o = takeOptions(args, { value: ["queue", "jobId", "orig", "rcpt", "maxitems", "older-than"] });
    if (args.words.length !== 1) throw new UsageError("list takes only options");
    const v = o.values;
    return { kind: "read", path: `/list${query({ queue: v.queue, jobId: v.jobId, orig: v.orig, rcpt: v.rcpt, maxitems: v.maxitems, "older-than": v["older-than"] })}`, view: "list", json: o.json };
  }
  const action = actionOf(verb, noun, rest, args);
  return action && { kind: "action", action: action.action, json: action.json };
}

function actionOf(verb: string | undefined, noun: string | undefined, rest: string[], args: ParsedArgs): { action: TQueueActionInput; json: boolean } | null {
  if ((verb === "pause" || verb === "resume") && (noun === "queue" || noun === "job")) {
    const { json } = takeOptions(args, {});
    const target = one(rest, noun === "queue" ? "one queue (domain or domain/vmta)" : "one job ID");
    if (noun === "queue") return { action: { action: verb === "pause" ? "pause-queue" : "resume-queue", queue: target }, json };
    return { action: { action: verb === "pause" ? "pause-job" : "resume-job", jobId: target }, json };
  }
  if (verb === "schedule" && noun !== undefined) {
    const { json } = takeOptions(args, {});
    return { action: { action: "retry-now", queue: one([noun, ...rest], "one queue") }, json };
  }
  if (verb === "set" && noun === "queue") {
    const o = takeOptions(args, { value: ["mode"] });
    const mode = o.values.mode;
    if (mode !== "normal" && mode !== "backoff") throw new UsageError("set queue needs --mode=normal or --mode=backoff");
    return { action: { action: "set-mode", queue: one(rest, "one queue"), mode }, json: o.json };
  }
  if (verb === "delete") {
    const o = takeOptions(args, { value: ["queue", "jobId", "orig", "older-than"], flag: ["dsn"] });
    if (args.words.length !== 1) throw new UsageError("delete takes only options");
    if (o.values.queue === undefined && o.values.jobId === undefined) throw new UsageError("delete needs --queue=Q or --jobId=ID");
    const v = o.values;
    return { action: { action: "delete", queue: v.queue, jobId: v.jobId, sender: v.orig, olderThan: v["older-than"], dsn: o.flags.has("dsn") }, json: o.json };
  }
  if ((verb === "disable" || verb === "enable") && noun === "source") {
    const o = takeOptions(args, { value: verb === "disable" ? ["reenable-after"] : [] });
    if (rest.length !== 2) throw new UsageError(`${verb} source needs IP and a queue`);
    const [ip, queue] = rest;
    if (verb === "enable") return { action: { action: "enable-source", ip, queue }, json: o.json };
    return { action: { action: "disable-source", ip, queue, reenableAfter: o.values["reenable-after"] }, json: o.json };
  }
  return null;
}

/** Drops undefined fields, so the strict server schema sees only what was given. */
function compact(action: TQueueActionInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(action).filter(([, v]) => v !== undefined));
}

export async function runRemote(request: RemoteRequest, io: CliIo): Promise<number> {
  const endpoint = await resolveEndpoint(io);
  if (request.kind === "action") {
    const answer = await callApi(endpoint, "POST", "/commands", compact(request.action));
    if (request.json) io.out(JSON.stringify(answer.json, null, 2));
    else io.out((answer.json?.data as { message?: string } | undefined)?.message ?? "Done.");
    return EXIT.ok;
  }
  const answer = await callApi(endpoint, "GET", request.path);
  const data = answer.json?.data as Record<string, unknown>;
  if (request.view === "queues" && request.maxItems !== undefined) data.queue = (data.queue as unknown[]).slice(0, request.maxItems);
  if ((request.view === "vmtas" || request.view === "jobs") && request.maxItems !== undefined) {
    const key = request.view === "vmtas" ? "vmta" : "job";
    data[key] = (data[key] as unknown[]).slice(0, request.maxItems);
  }
  if (request.json) {
    io.out(JSON.stringify(answer.json, null, 2));
    return EXIT.ok;
  }
  const lines =
    request.view === "status"
      ? formatStatus(data as never)
      : request.view === "queues"
        ? formatQueues(data.queue as never)
        : request.view === "vmtas"
          ? formatVmtas(data.vmta as never)
          : request.view === "jobs"
            ? formatJobs(data.job as never)
            : formatRecipients(data.rcpt as never);
  for (const line of lines) io.out(line);
  return EXIT.ok;
}
