import { describe, expect, it } from "vitest";
import { parseFormat, renderError, renderSuccess } from "./envelope";
import { buildMetrics, escapeLabelValue } from "./prometheus";
import { buildDomainsDocument, buildJobsDocument, buildQueuesDocument, buildVmtasDocument, queueMatcher } from "./queue-documents";
import { buildStatusDocument, type HostInfo } from "./status-document";
import { queue, snapshot, traffic } from "./testing-fixtures";
import { emptyTraffic } from "./empty-traffic";

const host: HostInfo = { productName: "Hermod", version: "0.1.0", osName: "Linux", osVersion: "6.1", cpuType: "x64", cpuCount: 2, ramBytes: 2048 * 1024 * 1024, fullHostName: "mta.example.com" };

describe("envelope", () => {
  it("wraps JSON as PowerMTA does", () => {
    expect(JSON.parse(renderSuccess({ a: 1 }, "json").body)).toEqual({ data: { a: 1 }, status: "success", message: "" });
  });
  it("renders XML with repeated elements for arrays and escapes text", () => {
    const { body, contentType } = renderSuccess({ vmta: [{ name: "a<b", rcp: 1 }, { name: "c", rcp: 2 }] }, "xml");
    expect(contentType).toMatch(/xml/);
    expect(body).toContain("<rsp><data><vmta><name>a&lt;b</name><rcp>1</rcp></vmta><vmta><name>c</name><rcp>2</rcp></vmta></data><succ/></rsp>");
  });
  it("parses format and refuses unknown ones", () => {
    expect(parseFormat(null)).toBe("json");
    expect(parseFormat("xml")).toBe("xml");
    expect(parseFormat("yaml")).toBeNull();
    expect(JSON.parse(renderError("unauthorized", "no").body)).toMatchObject({ status: "error", error: "unauthorized", message: "no" });
  });
});

describe("status document", () => {
  const doc = buildStatusDocument({ snapshot: snapshot(), traffic: traffic(), host, peaks: { smtpIn: 9, smtpOut: 1 }, limits: { smtpIn: 0, smtpOut: 1200 }, shuttingDown: false });
  it("has PowerMTA's traffic, conn, queue and spool fields", () => {
    expect(doc.status.traffic.total.out).toEqual({ rcp: 950, msg: 850, kb: 4800 });
    expect(doc.status.traffic.lastMin.in).toEqual({ rcp: 6, msg: 5, kb: 30 });
    expect(doc.status.traffic.topPerHr.in.rcp).toBe(400);
    expect(doc.status.conn.smtpIn).toEqual({ cur: 3, max: 0, top: 9 });
    expect(doc.status.conn.smtpOut).toEqual({ cur: 2, max: 1200, top: 2 });
    expect(doc.status.queue.smtp).toEqual({ rcp: 42, dom: 2, kb: 26 });
    expect(doc.status.spool).toMatchObject({ initPct: 100, totalRcp: 42, files: { total: 22 } });
    expect(doc.status.status).toBe("running");
    expect(doc.status.timeNow).toBe("2026-11-28 01:00:00");
    expect(doc.status.startupTime).toBe("2026-11-27 23:00:00");
  });
  it("describes the host under data.mta", () => {
    expect(doc.mta.product).toMatchObject({ name: "Hermod", version: "0.1.0" });
    expect(doc.mta.cpu).toEqual({ type: "x64", count: 2 });
    expect(doc.mta.ram.real).toBe(2048 * 1024);
  });
  it("reads in XML at the paths monitoring scripts use", () => {
    const xml = renderSuccess(doc, "xml").body;
    expect(xml).toContain("<traffic><total><in><rcp>1000</rcp>");
    expect(xml).toContain("<queue><smtp><rcp>42</rcp><dom>2</dom><kb>26</kb></smtp></queue>");
  });
});

describe("queue documents", () => {
  it("lists queues most recipients first with PowerMTA's names", () => {
    const rows = buildQueuesDocument(snapshot()).queue;
    expect(rows.map((r) => r.name)).toEqual(["gmail.com/v1", "yahoo.com/v1", "gmail.com/v2"]);
    expect(rows[0]).toMatchObject({ domain: "gmail.com", vmta: "v1", rcp: 30, kb: 20, conn: 2, mode: "normal", paused: false, oldestAge: 90, rate: { lastMin: 12, limit: "120/m" } });
  });
  it("filters by queue pattern, mode and paused", () => {
    expect(buildQueuesDocument(snapshot(), { queue: "*/v1" }).queue.map((r) => r.name)).toEqual(["gmail.com/v1", "yahoo.com/v1"]);
    expect(buildQueuesDocument(snapshot(), { queue: "gmail.com" }).queue).toHaveLength(2);
    expect(buildQueuesDocument(snapshot(), { mode: "backoff" }).queue.map((r) => r.name)).toEqual(["gmail.com/v2"]);
    expect(buildQueuesDocument(snapshot(), { paused: true }).queue.map((r) => r.name)).toEqual(["yahoo.com/v1"]);
    expect(queueMatcher("gm*.com/v2")({ domain: "gmail.com", vmta: "v2" })).toBe(true);
    expect(queueMatcher("gmail.com/v2")({ domain: "gmail.com", vmta: "v1" })).toBe(false);
  });
  it("sums per domain and per VirtualMTA, idle VirtualMTAs included", () => {
    expect(buildDomainsDocument(snapshot()).domain).toEqual([
      { name: "gmail.com", rcp: 35, msg: 15, kb: 24, conn: 2, vmtas: 2, backoffQueues: 1 },
      { name: "yahoo.com", rcp: 7, msg: 7, kb: 2, conn: 0, vmtas: 1, backoffQueues: 0 },
    ]);
    const v = buildVmtasDocument(snapshot());
    expect(v.vmta.map((r) => [r.name, r.rcp, r.dom])).toEqual([["v1", 37, 2], ["v2", 5, 1], ["idle", 0, 0]]);
    expect(v.pool).toEqual([{ name: "pool-a", members: ["v1", "v2"] }]);
    expect(renderSuccess(v, "xml").body).toContain("<vmta><name>v1</name><rcp>37</rcp>");
  });
  it("lists jobs", () => {
    expect(buildJobsDocument(snapshot()).job).toEqual([{ id: "spring-sale", rcp: 12, msg: 4, paused: true }]);
  });
});

describe("prometheus", () => {
  it("escapes label values", () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
  it("exposes queue gauges, traffic counters, connections and spool", () => {
    const s = snapshot({ queues: [queue('we"ird.com', "v1", { recipients: 3, bytes: 10 })] });
    const text = buildMetrics(s, traffic());
    expect(text).toContain('# TYPE hermod_queue_recipients gauge\nhermod_queue_recipients{domain="we\\"ird.com",vmta="v1"} 3\n');
    expect(text).toContain("# TYPE hermod_traffic_out_recipients_total counter\nhermod_traffic_out_recipients_total 950\n");
    expect(text).toContain('hermod_connections{direction="in"} 3');
    expect(text).toContain("hermod_spool_recipients 42");
    expect(text.endsWith("\n")).toBe(true);
    // Every sample line is `name{labels} number`.
    for (const line of text.trim().split("\n").filter((l) => !l.startsWith("#"))) expect(line).toMatch(/^[a-z_]+(\{.*\})? -?[0-9.e+]+$/);
  });
});

describe("empty traffic", () => {
  it("reports zeros in PowerMTA's shape", () => {
    const doc = buildStatusDocument({ snapshot: snapshot(), traffic: emptyTraffic(), host, peaks: { smtpIn: 0, smtpOut: 0 }, limits: { smtpIn: 0, smtpOut: 0 }, shuttingDown: true });
    expect(doc.status.traffic.topPerMin).toEqual({ in: { rcp: 0, msg: 0, kb: 0 }, out: { rcp: 0, msg: 0, kb: 0 } });
    expect(doc.status.status).toBe("shutting down");
  });
});
