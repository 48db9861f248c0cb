import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WarmupCounters } from "./warmup";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const DAY = 86_400_000;

describe("IP warm-up counters", () => {
  it("diverts the first N per domain and day, following the day schedule, and persists", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "warmup-")), "warmup.json");
    let now = 10 * DAY;
    const clock = { now: () => now };
    const counters = new WarmupCounters(file, clock, quiet);
    const schedule = [2, 5];
    const day1 = [1, 2, 3].map(() => counters.divert(["cold1"], "gmail.com", schedule));
    expect(day1).toEqual(["cold1", "cold1", null]);
    expect(counters.divert(["cold1"], "yahoo.com", schedule)).toBe("cold1");
    counters.flush();
    now += DAY;
    const again = new WarmupCounters(file, clock, quiet);
    const day2 = Array.from({ length: 6 }, () => again.divert(["cold1"], "gmail.com", schedule));
    expect(day2.filter(Boolean)).toHaveLength(5);
    // The last entry repeats: day 6 in service still allows 5.
    now += 4 * DAY;
    expect(Array.from({ length: 6 }, () => again.divert(["cold1"], "gmail.com", schedule)).filter(Boolean)).toHaveLength(5);
    expect(again.divert([], "gmail.com", schedule)).toBeNull();
    expect(again.divert(["cold1"], "gmail.com", null)).toBeNull();
  });

  it("starts from zero, and keeps working, when the counter file is not one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warmup-"));
    const clock = { now: () => 10 * DAY };
    for (const text of ["{}", "[1,2]", "not json", '{"day":1,"firstDay":{},"counts":{"a b":"x"}}']) {
      const file = path.join(dir, "warmup.json");
      fs.writeFileSync(file, text);
      const warnings: string[] = [];
      const counters = new WarmupCounters(file, clock, { ...quiet, warn: (m) => warnings.push(m) });
      expect(counters.divert(["cold1"], "gmail.com", [1])).toBe("cold1");
      expect(warnings).toHaveLength(1);
    }
  });
});
