import { describe, expect, it } from "vitest";
import type { AcctRecord } from "@/mta/index";
import { HOUR_MS, MINUTE_MS } from "./minute-buckets";
import { MonitorRollups } from "./monitor-rollups";
import { zeroRollup } from "./rollup-counts";

const T0 = Date.UTC(2026, 0, 1, 12, 30);
const rec = (type: AcctRecord["type"], rcpt: string, at: number, bounceCat = "", jobId = "j"): AcctRecord => ({ type, rcpt, timeLogged: at, bounceCat, jobId, dlvSize: 1024 }) as AcctRecord;

describe("MonitorRollups", () => {
  it("rolls failures up per hour, domain and category, and outcomes per hour and job", () => {
    const r = new MonitorRollups();
    r.countRecord(rec("t", "a@x.test", T0, "quota"));
    r.countRecord(rec("t", "b@x.test", T0 + MINUTE_MS, "quota"));
    r.countRecord(rec("b", "c@y.test", T0 + HOUR_MS, "bad-mailbox", "k"));
    r.countRecord(rec("b", "c@y.test", T0 + HOUR_MS, ""));
    r.countRecord(rec("d", "c@y.test", T0 + HOUR_MS));
    const d = r.drain();
    const hour = Date.UTC(2026, 0, 1, 12);
    expect(d.categories).toEqual([
      { bucketStart: hour, key: "x.test\u0000quota", counts: { deferred: 2, bounced: 0 } },
      { bucketStart: hour + HOUR_MS, key: "y.test\u0000bad-mailbox", counts: { deferred: 0, bounced: 1 } },
      { bucketStart: hour + HOUR_MS, key: "y.test\u0000other", counts: { deferred: 0, bounced: 1 } },
    ]);
    expect(d.jobs).toEqual([
      { bucketStart: hour, key: "j", counts: { delivered: 0, deferred: 2, bounced: 0 } },
      { bucketStart: hour + HOUR_MS, key: "k", counts: { delivered: 0, deferred: 0, bounced: 1 } },
      { bucketStart: hour + HOUR_MS, key: "j", counts: { delivered: 1, deferred: 0, bounced: 1 } },
    ]);
    expect(d.hours).toEqual([
      { bucketStart: hour, key: "x.test", counts: { ...zeroRollup(), deferred: 2 } },
      { bucketStart: hour + HOUR_MS, key: "y.test", counts: { ...zeroRollup(), bounced: 2, delivered: 1, deliveredKb: 1 } },
    ]);
    expect(d.minutes).toHaveLength(3);
    expect(r.pendingCount).toBe(0);

    // Last hour (at T0 + 1 h + 30 min): only y.test; last 24 h: both.
    const f = r.failures(T0 + HOUR_MS + 30 * MINUTE_MS);
    expect(f.lastHour.domains).toEqual([{ key: "y.test", deferred: 0, bounced: 2 }]);
    // A tie (2 failures each) goes by name.
    expect(f.last24h.domains).toEqual([
      { key: "x.test", deferred: 2, bounced: 0 },
      { key: "y.test", deferred: 0, bounced: 2 },
    ]);
    expect(f.last24h.categories).toEqual([
      { key: "quota", deferred: 2, bounced: 0 },
      { key: "bad-mailbox", deferred: 0, bounced: 1 },
      { key: "other", deferred: 0, bounced: 1 },
    ]);
    expect(r.job24h("j", T0 + HOUR_MS)).toEqual({ delivered: 1, deferred: 2, bounced: 1 });
    expect(r.job24h("j", T0 + 25 * HOUR_MS)).toEqual({ delivered: 0, deferred: 0, bounced: 0 });
  });

  it("fills its windows from persisted history without making it pending or live", () => {
    const r = new MonitorRollups();
    const hour = Date.UTC(2026, 0, 1, 12);
    r.loadHistory({
      minutes: [{ bucketStart: T0 - MINUTE_MS, domain: "x.test", counts: { ...zeroRollup(), deferred: 3 } }],
      hours: [{ bucketStart: hour - 2 * HOUR_MS, domain: "x.test", counts: { ...zeroRollup(), bounced: 5 } }],
      categories: [
        { bucketStart: hour, domain: "x.test", category: "quota", counts: { deferred: 3, bounced: 0 } },
        { bucketStart: hour - 2 * HOUR_MS, domain: "x.test", category: "spam", counts: { deferred: 0, bounced: 5 } },
      ],
      jobs: [{ bucketStart: hour - 2 * HOUR_MS, jobId: "j", counts: { delivered: 9, deferred: 0, bounced: 0 } }],
    });
    expect(r.pendingCount).toBe(0);
    expect(r.live).toEqual(zeroRollup());
    const f = r.failures(T0);
    expect(f.lastHour.domains).toEqual([{ key: "x.test", deferred: 3, bounced: 0 }]);
    expect(f.lastHour.categories).toEqual([{ key: "quota", deferred: 3, bounced: 0 }]);
    expect(f.last24h.domains).toEqual([{ key: "x.test", deferred: 0, bounced: 5 }]);
    expect(f.last24h.categories).toEqual([
      { key: "spam", deferred: 0, bounced: 5 },
      { key: "quota", deferred: 3, bounced: 0 },
    ]);
    expect(r.job24h("j", T0)).toEqual({ delivered: 9, deferred: 0, bounced: 0 });
    expect(r.throughput(T0).at(-2)).toMatchObject({ deferred: 3 });
  });
});
