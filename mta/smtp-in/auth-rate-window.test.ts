import { describe, expect, it } from "vitest";
import { RateWindows } from "./auth-rate-window";

const FIVE_PER_10M = { count: 5, perMs: 600_000 };

describe("RateWindows", () => {
  it("is full after `count` events within the interval, per key", () => {
    const w = new RateWindows();
    for (let i = 0; i < 4; i++) w.add("a", FIVE_PER_10M, i * 1000);
    expect(w.full("a", FIVE_PER_10M, 5000)).toBe(false);
    w.add("a", FIVE_PER_10M, 5000);
    expect(w.full("a", FIVE_PER_10M, 6000)).toBe(true);
    expect(w.full("b", FIVE_PER_10M, 6000)).toBe(false);
    expect(w.full("a", null, 6000)).toBe(false);
  });

  it("forgets events as the interval slides past them", () => {
    const w = new RateWindows();
    for (let i = 0; i < 5; i++) w.add("a", FIVE_PER_10M, 0);
    // Half of the previous window still overlaps the last 10 minutes: 2.5 of 5 events remain.
    expect(w.count("a", FIVE_PER_10M, 900_000)).toBeCloseTo(2.5);
    expect(w.full("a", FIVE_PER_10M, 900_000)).toBe(false);
    expect(w.count("a", FIVE_PER_10M, 1_300_000)).toBe(0);
  });

  it("tracks at most maxKeys keys, dropping the least recently used", () => {
    const w = new RateWindows(3);
    for (const k of ["a", "b", "c"]) w.add(k, FIVE_PER_10M, 0);
    w.add("a", FIVE_PER_10M, 1);
    w.add("d", FIVE_PER_10M, 2);
    expect(w.size).toBe(3);
    expect(w.count("b", FIVE_PER_10M, 3)).toBe(0);
    expect(w.count("a", FIVE_PER_10M, 3)).toBe(2);
  });
});
