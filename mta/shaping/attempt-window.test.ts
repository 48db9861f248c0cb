import { describe, expect, it } from "vitest";
import { AttemptWindow } from "./attempt-window";

const T0 = 1_700_000_000_000;

describe("AttemptWindow", () => {
  it("sums the attempts of the trailing minute", () => {
    const w = new AttemptWindow();
    expect(w.lastMinute(T0)).toBe(0);
    w.add(T0, 3);
    w.add(T0 + 500, 2);
    w.add(T0 + 30_000, 10);
    expect(w.lastMinute(T0 + 30_000)).toBe(15);
    expect(w.lastMinute(T0 + 59_000)).toBe(15);
  });

  it("forgets each second once it is a minute old", () => {
    const w = new AttemptWindow();
    w.add(T0, 3);
    w.add(T0 + 30_000, 10);
    expect(w.lastMinute(T0 + 60_000)).toBe(10);
    expect(w.lastMinute(T0 + 89_999)).toBe(10);
    expect(w.lastMinute(T0 + 90_000)).toBe(0);
  });

  it("starts over after a long quiet spell, and keeps counting across it", () => {
    const w = new AttemptWindow();
    for (let i = 0; i < 120; i++) w.add(T0 + i * 1_000, 1);
    expect(w.lastMinute(T0 + 119_000)).toBe(60);
    expect(w.lastMinute(T0 + 3_600_000)).toBe(0);
    w.add(T0 + 3_600_000, 4);
    expect(w.lastMinute(T0 + 3_600_500)).toBe(4);
  });

  it("ignores a clock that steps back", () => {
    const w = new AttemptWindow();
    w.add(T0 + 10_000, 2);
    w.add(T0, 1);
    expect(w.lastMinute(T0 + 10_000)).toBe(3);
  });
});
