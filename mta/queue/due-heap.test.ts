import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DueHeap } from "./due-heap";

describe("DueHeap", () => {
  it("pops in due order for any input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000 })), (times) => {
        const heap = new DueHeap<{ dueAt: number }>();
        for (const dueAt of times) heap.push({ dueAt });
        const out: number[] = [];
        while (heap.size > 0) out.push(heap.pop()!.dueAt);
        expect(out).toEqual([...times].sort((a, b) => a - b));
      }),
    );
  });

  it("popDue takes only what is due", () => {
    const heap = new DueHeap<{ dueAt: number; id: string }>();
    heap.push({ dueAt: 30, id: "c" });
    heap.push({ dueAt: 10, id: "a" });
    heap.push({ dueAt: 20, id: "b" });
    expect(heap.popDue(20).map((x) => x.id)).toEqual(["a", "b"]);
    expect(heap.size).toBe(1);
    expect(heap.peek()?.id).toBe("c");
  });
});
