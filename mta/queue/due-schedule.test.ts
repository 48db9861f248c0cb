import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DueSchedule } from "./due-schedule";

type Item = { id: string; dueAt: number };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function schedule() {
  const fired: string[] = [];
  const s = new DueSchedule<Item>({ now: () => Date.now() }, (item) => fired.push(`${item.id}@${Date.now()}`));
  return { s, fired };
}

describe("DueSchedule", () => {
  it("hands out each entry at its due time, in due order, whatever the push order", () => {
    const { s, fired } = schedule();
    s.push({ id: "c", dueAt: 300 });
    s.push({ id: "a", dueAt: 100 });
    s.push({ id: "b", dueAt: 200 });
    s.push({ id: "a2", dueAt: 100 });
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(["a@100", "a2@100"]);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(["a@100", "a2@100", "b@200", "c@300"]);
    expect(s.size).toBe(0);
  });

  it("keeps one timer, armed for the earliest entry, re-armed when an earlier one arrives", () => {
    const { s, fired } = schedule();
    s.push({ id: "late", dueAt: 10_000 });
    s.push({ id: "later", dueAt: 20_000 });
    expect(vi.getTimerCount()).toBe(1);
    s.push({ id: "soon", dueAt: 50 });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["soon@50"]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(20_000);
    expect(fired).toEqual(["soon@50", "late@10000", "later@20000"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("fires an entry already due on the next tick, and waits out entries beyond the longest timeout", () => {
    const { s, fired } = schedule();
    const farAway = 2 ** 31 + 5_000;
    s.push({ id: "far", dueAt: farAway });
    s.push({ id: "past", dueAt: -5 });
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(["past@0"]);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).toEqual(["past@0"]);
    vi.advanceTimersByTime(farAway);
    expect(fired).toEqual(["past@0", `far@${farAway}`]);
  });

  it("stops: nothing fires after stop, and nothing is armed by later pushes", () => {
    const { s, fired } = schedule();
    s.push({ id: "a", dueAt: 100 });
    s.stop();
    s.push({ id: "b", dueAt: 50 });
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
