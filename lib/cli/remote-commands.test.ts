import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCliKeyFile } from "../http/mgmt-key-file";
import { authorizeMgmtRequest } from "../http/mgmt-auth";
import { MgmtServer } from "../http/mgmt-server";
import type { TQueueAction } from "../schemas/queue-action";
import { authenticateApiKey } from "../services/api-keys/authenticate-api-key";
import { buildQueuesDocument } from "../status/queue-documents";
import { handleStatusApi } from "../status/status-api";
import { snapshot } from "../status/testing-fixtures";
import { fakeStatusDeps } from "../status/testing-fake-mta";
import { UsageError, parseArgs } from "./args";
import type { CliIo } from "./cli-io";
import { runCli } from "./main";
import { commandRequest } from "./remote-commands";
import { formatQueues, table } from "./tables";

const req = (line: string) => commandRequest(parseArgs(line.split(" ").filter(Boolean)));

describe("hermod command parsing", () => {
  it("maps show commands to documents and filters", () => {
    expect(req("show status")).toEqual({ kind: "read", path: "/status", view: "status", json: false });
    expect(req("show queues --mode=backoff --paused=no gmail.com/v1 --json")).toMatchObject({ path: "/queues?queue=gmail.com%2Fv1&mode=backoff&paused=no", json: true });
    expect(req("show topqueues")).toMatchObject({ path: "/queues", maxItems: 10 });
    expect(req("show vmtas --maxitems=3")).toMatchObject({ path: "/vmtas", maxItems: 3 });
    expect(req("list --queue=gmail.com --maxitems=5")).toMatchObject({ path: "/list?queue=gmail.com&maxitems=5", view: "list" });
    expect(req("show nothing")).toBeNull();
  });

  it("maps operator commands to queue actions", () => {
    expect(req("pause queue gmail.com/v1")).toEqual({ kind: "action", json: false, action: { action: "pause-queue", queue: "gmail.com/v1" } });
    expect(req("resume job spring")).toMatchObject({ action: { action: "resume-job", jobId: "spring" } });
    expect(req("schedule gmail.com")).toMatchObject({ action: { action: "retry-now", queue: "gmail.com" } });
    expect(req("set queue --mode=backoff gmail.com/v1")).toMatchObject({ action: { action: "set-mode", queue: "gmail.com/v1", mode: "backoff" } });
    expect(req("delete --dsn --queue=gmail.com --orig=a@b.c --older-than=1h")).toMatchObject({ action: { action: "delete", queue: "gmail.com", sender: "a@b.c", olderThan: "1h", dsn: true } });
    expect(req("disable source --reenable-after=10m 192.0.2.1 gmail.com/v1")).toMatchObject({ action: { action: "disable-source", ip: "192.0.2.1", queue: "gmail.com/v1", reenableAfter: "10m" } });
    expect(req("enable source 192.0.2.1 gmail.com/v1")).toMatchObject({ action: { action: "enable-source", ip: "192.0.2.1", queue: "gmail.com/v1" } });
  });

  it("refuses wrong usage with a reason", () => {
    for (const [line, why] of [
      ["show queues --mode=slow", "--mode is normal or backoff"],
      ["show queues --frob", "unknown option --frob"],
      ["pause queue", "expected one queue"],
      ["delete --dsn", "delete needs --queue=Q or --jobId=ID"],
      ["set queue gmail.com", "set queue needs --mode"],
      ["show queues --paused=maybe", "--paused is yes or no"],
      ["enable source 1.2.3.4", "enable source needs IP and a queue"],
    ] as const) {
      expect(() => req(line), line).toThrow(UsageError);
      expect(() => req(line), line).toThrow(why);
    }
  });
});

describe("hermod tables", () => {
  it("aligns columns, numbers to the right", () => {
    expect(table(["name", "n"], [["a", 5], ["bbb", 10]])).toEqual(["name   n", "a      5", "bbb   10"]);
  });
  it("shows one line per queue with its counts", () => {
    const lines = formatQueues(buildQueuesDocument(snapshot()).queue);
    expect(lines[0]).toMatch(/^queue\s+rcpt\s+kbytes\s+conn\s+mode\s+paused/);
    expect(lines[1]).toMatch(/^gmail\.com\/v1\s+30\s+20\s+2\s+normal\s+no\s+1m/);
    expect(lines.find((l) => l.startsWith("gmail.com/v2"))).toContain("421 4.7.0 try later");
  });
});

describe("hermod against a real management server", () => {
  const KEY = "c".repeat(40);
  const actions: { actor: string; action: TQueueAction }[] = [];
  const server = new MgmtServer({
    host: "127.0.0.1",
    authorize: ({ apiKey, ip }) =>
      authorizeMgmtRequest({ apiKey, ip, http: { port: 0, access: [], apiKeys: [KEY] }, authenticateKey: (k, d) => authenticateApiKey(k, { directiveKeys: d, keys: { findActiveByHash: async () => null, touch: async () => undefined }, now: () => new Date() }) }),
    handle: (r) => handleStatusApi(r, fakeStatusDeps({ actions })),
  });
  let dataDir = "";
  let url = "";
  beforeAll(async () => {
    await server.start(0);
    url = `http://127.0.0.1:${server.port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-cli-"));
    writeCliKeyFile(dataDir, KEY);
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(args: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { HERMOD_DATA_DIR: dataDir, HERMOD_MGMT_URL: url, ...env } };
    const code = await runCli(args, io);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("reads the key file the server wrote (mode 0600) and shows queues as a table or JSON", async () => {
    expect(fs.statSync(path.join(dataDir, "cli-api-key")).mode & 0o777).toBe(0o600);
    const t = await run(["show", "queues"]);
    expect(t).toMatchObject({ code: 0, err: "" });
    expect(t.out).toMatch(/gmail\.com\/v1\s+30/);
    const j = await run(["show", "queues", "--json", "*/v1"]);
    expect(JSON.parse(j.out).data.queue.map((q: { name: string; rcp: number }) => [q.name, q.rcp])).toEqual([["gmail.com/v1", 30], ["yahoo.com/v1", 7]]);
    expect((await run(["show", "status"])).out).toContain("Total");
    expect((await run(["show", "jobs"])).out).toMatch(/spring-sale\s+12\s+4\s+yes/);
    expect((await run(["show", "vmtas"])).out).toMatch(/v1\s+37/);
  });

  it("runs commands and reports the server's refusals", async () => {
    const r = await run(["pause", "queue", "gmail.com/v1"]);
    expect(r).toMatchObject({ code: 0, out: "done" });
    expect(actions.at(-1)).toEqual({ actor: "http-api-key", action: { action: "pause-queue", queue: "gmail.com/v1" } });
    const bad = await run(["pause", "queue", "a/b/c"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("Queue is domain or domain/vmta.");
  });

  it("says clearly when the key is wrong or the server is not running", async () => {
    const wrong = await run(["show", "status"], { HERMOD_API_KEY: "wrong-key" });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("refused the API key");
    const down = await run(["show", "status"], { HERMOD_MGMT_URL: "http://127.0.0.1:1" });
    expect(down).toMatchObject({ code: 1, err: "hermod: cannot reach Hermod at http://127.0.0.1:1 (is it running?)" });
    const usage = await run(["show", "queues", "--mode=slow"]);
    expect(usage.code).toBe(2);
  });

  it("finds the port in HERMOD_CONFIG when HERMOD_MGMT_URL is not set", async () => {
    const conf = path.join(dataDir, "hermod.conf");
    fs.writeFileSync(conf, `http-mgmt-port ${server.port}\n`);
    const r = await run(["show", "jobs"], { HERMOD_MGMT_URL: "", HERMOD_CONFIG: conf });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    fs.writeFileSync(conf, "http-mgmt-port 0\n");
    expect((await run(["show", "jobs"], { HERMOD_MGMT_URL: "", HERMOD_CONFIG: conf })).err).toContain("management service is off");
  });
});
