import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { quietLogger } from "../testing/harness";
import { QueueHolds } from "./queue-holds";

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-holds-")), "queue-holds.json");

describe("QueueHolds", () => {
  it("gives back, after a restart, the holds still in force and drops the ones that ended", () => {
    const file = tmpFile();
    let now = 1_000_000;
    const clock = { now: () => now };
    const before = new QueueHolds(file, clock, quietLogger);
    before.set("a.test/{default}", { until: now + 60_000, retryIndex: 2 });
    before.set("b.test/{default}", { until: now + 1_000, retryIndex: 1 });
    before.flush();
    now += 5_000;
    const after = new QueueHolds(file, clock, quietLogger);
    expect(after.restored("a.test/{default}")).toEqual({ until: 1_060_000, retryIndex: 2 });
    expect(after.restored("b.test/{default}")).toBeUndefined();
    expect(after.restored("c.test/{default}")).toBeUndefined();
    after.set("c.test/{default}", { until: now + 1_000, retryIndex: 1 });
    after.flush();
    expect(Object.keys(JSON.parse(fs.readFileSync(file, "utf8")))).toEqual(["a.test/{default}", "c.test/{default}"]);
  });

  it("starts empty from a missing or broken file instead of failing", () => {
    const file = tmpFile();
    expect(new QueueHolds(file, { now: () => 0 }, quietLogger).restored("a")).toBeUndefined();
    fs.writeFileSync(file, JSON.stringify({ a: { until: "soon" } }));
    expect(new QueueHolds(file, { now: () => 0 }, quietLogger).restored("a")).toBeUndefined();
    fs.writeFileSync(file, "{not json");
    expect(new QueueHolds(file, { now: () => 0 }, quietLogger).restored("a")).toBeUndefined();
  });
});
