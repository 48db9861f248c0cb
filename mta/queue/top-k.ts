/**
 * The first `k` of many items by an order, without sorting them all: a bounded heap, O(n log k).
 */

/** The `k` first items by `first`, with a heap whose root is the last of those kept. */
export class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly first: (a: T, b: T) => boolean,
  ) {}

  offer(item: T): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(item);
      this.up(h.length - 1);
    } else if (this.k > 0 && this.first(item, h[0])) {
      h[0] = item;
      this.down(0);
    }
  }

  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.first(a, b) ? -1 : this.first(b, a) ? 1 : 0));
  }

  /** The root is the item every other one comes before. */
  private worse(i: number, j: number): boolean {
    return this.first(this.heap[j], this.heap[i]);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, p)) return;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < h.length && this.worse(l, w)) w = l;
      if (r < h.length && this.worse(r, w)) w = r;
      if (w === i) return;
      [h[i], h[w]] = [h[w], h[i]];
      i = w;
    }
  }
}
