import { describe, expect, it } from "vitest";
import type { QueueSnapshot } from "@/mta/index";
import { listQueues } from "./list-queues";
import { ZQueueListQuery, queueKeyOf } from "./queue-list-query";

function queue(domain: string, vmta: string, over: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    key: `${domain}/${vmta}`,
    domain,
    vmta,
    recipients: 1,
    messages: 1,
    bytes: 1_000,
    oldestQueuedAt: 1_000,
    activeConnections: 0,
    nextAttemptAt: null,
    lastError: null,
    mode: "normal",
    modeSince: 0,
    modeReason: null,
    paused: false,
    disabledSources: [],
    maxSmtpOut: 10,
    rate: { lastMinute: 0, limit: null, limitPerMinute: null },
    ...over,
  };
}

const QUEUES = [
  queue("gmail.com", "v1", { recipients: 500, bytes: 9_000, oldestQueuedAt: 3_000 }),
  queue("gmail.com", "v2", { recipients: 20, bytes: 90_000, oldestQueuedAt: 500, mode: "backoff", lastError: "421 try later" }),
  queue("yahoo.com", "v1", { recipients: 20, bytes: 100, oldestQueuedAt: null, paused: true }),
  queue("outlook.com", "bulk", { recipients: 7, bytes: 700, oldestQueuedAt: 2_000, lastError: "550 no" }),
];

const query = (q: Record<string, string> = {}) => ZQueueListQuery.parse(q);
const keys = (r: { rows: QueueSnapshot[] }) => r.rows.map((q) => q.key);

describe("listQueues", () => {
  it("sorts by recipients by default, biggest first, name breaking ties", () => {
    expect(keys(listQueues(QUEUES, query()))).toEqual(["gmail.com/v1", "gmail.com/v2", "yahoo.com/v1", "outlook.com/bulk"]);
  });

  it("sorts by KB, oldest message (empty queues last) and name", () => {
    expect(keys(listQueues(QUEUES, query({ sort: "kb" })))).toEqual(["gmail.com/v2", "gmail.com/v1", "outlook.com/bulk", "yahoo.com/v1"]);
    expect(keys(listQueues(QUEUES, query({ sort: "oldest" })))).toEqual(["gmail.com/v2", "outlook.com/bulk", "gmail.com/v1", "yahoo.com/v1"]);
    expect(keys(listQueues(QUEUES, query({ sort: "name" })))).toEqual(["gmail.com/v1", "gmail.com/v2", "outlook.com/bulk", "yahoo.com/v1"]);
  });

  it("filters by domain or VMTA text, mode, paused and errors, together", () => {
    expect(keys(listQueues(QUEUES, query({ q: "GMAIL" })))).toEqual(["gmail.com/v1", "gmail.com/v2"]);
    expect(keys(listQueues(QUEUES, query({ q: "bulk" })))).toEqual(["outlook.com/bulk"]);
    expect(keys(listQueues(QUEUES, query({ mode: "backoff" })))).toEqual(["gmail.com/v2"]);
    expect(keys(listQueues(QUEUES, query({ paused: "1" })))).toEqual(["yahoo.com/v1"]);
    expect(keys(listQueues(QUEUES, query({ paused: "0", errors: "1" })))).toEqual(["gmail.com/v2", "outlook.com/bulk"]);
    expect(keys(listQueues(QUEUES, query({ errors: "0", q: "v1" })))).toEqual(["gmail.com/v1", "yahoo.com/v1"]);
    expect(listQueues(QUEUES, query({ q: "nothing" }))).toEqual({ rows: [], total: 0, page: 1, pages: 1 });
  });

  it("pages after filtering and sorting, and clamps a page past the end", () => {
    const many = Array.from({ length: 10_001 }, (_, i) => queue(`d${String(i).padStart(5, "0")}.test`, "v1", { recipients: i }));
    const first = listQueues(many, query(), 50);
    expect(first).toMatchObject({ total: 10_001, page: 1, pages: 201 });
    expect(first.rows[0].recipients).toBe(10_000);
    const last = listQueues(many, query({ page: "201" }), 50);
    expect(last.rows.map((q) => q.recipients)).toEqual([0]);
    expect(listQueues(many, query({ page: "999" }), 50).page).toBe(201);
    expect(keys(listQueues(many, query({ sort: "name", q: "d0000" }), 5))).toEqual(["d00000.test/v1", "d00001.test/v1", "d00002.test/v1", "d00003.test/v1", "d00004.test/v1"]);
  });

  it("refuses unknown or malformed query parameters", () => {
    expect(ZQueueListQuery.safeParse({ sort: "size" }).success).toBe(false);
    expect(ZQueueListQuery.safeParse({ mode: "slow" }).success).toBe(false);
    expect(ZQueueListQuery.safeParse({ page: "0" }).success).toBe(false);
    expect(ZQueueListQuery.safeParse({ page: "x" }).success).toBe(false);
    expect(ZQueueListQuery.safeParse({ colour: "red" }).success).toBe(false);
    expect(query({ q: "", mode: "", sort: "" })).toEqual({ q: undefined, mode: undefined, paused: undefined, errors: undefined, sort: "recipients", page: 1 });
  });

  it("names a detail page's queue as the engine does", () => {
    expect(queueKeyOf("Gmail.COM", "v1")).toBe("gmail.com/v1");
    expect(queueKeyOf("gmail.com", "%7Bdefault%7D")).toBe("gmail.com/{default}");
    expect(queueKeyOf("gmail.com", "a%2Fb")).toBeNull();
    expect(queueKeyOf("gmail.com", "%E0%A4%A")).toBeNull();
  });
});
